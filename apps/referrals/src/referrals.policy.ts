import { defineAccessPolicy, platformRoutesPolicy } from '@lead/access';

/**
 * Who may call which referrals route. Officers record referrals in their jurisdictions and edit
 * their agency's; the case manager on scene records their own arrival; everyone else gets 403.
 */
export const referralsPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  'POST /v1/referrals': { roles: ['officer'], scope: 'jurisdiction', audited: false },
  'POST /v1/referrals/:referralId/offer-answer': { roles: ['officer'], scope: 'own-agency', audited: false },
  'POST /v1/referrals/:referralId/aggrieved-party-agreement': { roles: ['officer'], scope: 'own-agency', audited: false },
  'POST /v1/referrals/:referralId/lead-line-call': { roles: ['officer'], scope: 'own-agency', audited: false },
  'POST /v1/referrals/:referralId/case-manager-arrival': { roles: ['case_manager'], scope: 'jurisdiction', audited: false },
  'POST /v1/referrals/:referralId/custody-relinquished': { roles: ['officer'], scope: 'own-agency', audited: false },
});
