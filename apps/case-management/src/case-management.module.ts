import { Module } from '@nestjs/common';
import { PlatformModule, type ServiceDefinition } from '@lead/platform';
import { CaseManagementConfig } from './case-management.config.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const caseManagementService: ServiceDefinition<CaseManagementConfig> = {
  serviceName: 'case-management',
  schema: 'case_management',
  config: CaseManagementConfig,
};

/**
 * The case-management service owns cases: intake, assessment, intervention plan, service referrals, contacts.
 * For now only the platform (health, readiness, metrics, OpenAPI at /docs); its domain comes later.
 */
@Module({
  imports: [PlatformModule.forRoot(caseManagementService)],
})
export class CaseManagementModule {}
