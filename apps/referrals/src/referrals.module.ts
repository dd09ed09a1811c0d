import { Module } from '@nestjs/common';
import { PlatformModule, type ServiceDefinition } from '@lead/platform';
import { ReferralsConfig } from './referrals.config.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const referralsService: ServiceDefinition<ReferralsConfig> = {
  serviceName: 'referrals',
  schema: 'referrals',
  config: ReferralsConfig,
};

/**
 * The referrals service owns referrals, eligibility screening, consent, warm hand-off, enrollment.
 * For now only the platform (health, readiness, metrics, OpenAPI at /docs); its domain comes later.
 */
@Module({
  imports: [PlatformModule.forRoot(referralsService)],
})
export class ReferralsModule {}
