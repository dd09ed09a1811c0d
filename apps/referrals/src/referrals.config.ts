import { ServiceConfig } from '@lead/platform';

/** Settings of the referrals service: the platform's, with its own default port. */
export class ReferralsConfig extends ServiceConfig {
  override HTTP_PORT = 3001;
}
