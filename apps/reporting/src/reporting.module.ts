import { Module } from '@nestjs/common';
import { PlatformModule, type ServiceDefinition } from '@lead/platform';
import { ReportingConfig } from './reporting.config.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const reportingService: ServiceDefinition<ReportingConfig> = {
  serviceName: 'reporting',
  schema: 'reporting',
  config: ReportingConfig,
};

/**
 * The reporting service owns read models for reports, dashboards, evaluator exports and the auditor API.
 * For now only the platform (health, readiness, metrics, OpenAPI at /docs); its domain comes later.
 */
@Module({
  imports: [PlatformModule.forRoot(reportingService)],
})
export class ReportingModule {}
