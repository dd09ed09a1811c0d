import type { ReferralHandedOffV1 } from './referral-handed-off.v1.js';
import type { ReferralHandedOffV2 } from './referral-handed-off.v2.js';

/**
 * v1 → v2: `minutes` becomes `minutesFromCall`. The target is left out rather than guessed: a v1
 * event does not say which target it was measured against, and the configured default of today
 * may not be the one in force then.
 */
export function referralHandedOffV1ToV2({ minutes, ...unchanged }: ReferralHandedOffV1): ReferralHandedOffV2 {
  return { ...unchanged, minutesFromCall: minutes };
}
