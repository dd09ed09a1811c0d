import { Module } from '@nestjs/common';
import { PlatformModule, type ServiceDefinition } from '@lead/platform';
import { ProsecutionConfig } from './prosecution.config.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const prosecutionService: ServiceDefinition<ProsecutionConfig> = {
  serviceName: 'prosecution',
  schema: 'prosecution',
  config: ProsecutionConfig,
};

/**
 * The prosecution service owns prosecution matters: charge hold, intake deadline, decline/release, new-charge coordination, expungement.
 * For now only the platform (health, readiness, metrics, OpenAPI at /docs); its domain comes later.
 */
@Module({
  imports: [PlatformModule.forRoot(prosecutionService)],
})
export class ProsecutionModule {}
