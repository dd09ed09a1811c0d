import { describeServiceShell } from '@lead/testing';
import { ReferralsConfig } from './referrals.config.js';
import { ReferralsModule } from './referrals.module.js';

describeServiceShell({ name: 'referrals', module: ReferralsModule, config: ReferralsConfig, defaultPort: 3001 });
