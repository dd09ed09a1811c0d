import 'reflect-metadata';
import { bootstrapService, exitOnStartupFailure } from '@lead/platform';
import { ReferralsModule, referralsService } from './referrals.module.js';

await bootstrapService(ReferralsModule, referralsService).catch(exitOnStartupFailure);
