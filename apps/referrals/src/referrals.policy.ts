import { accessAuditPolicy, addressThrottlePolicy, defineAccessPolicy, platformRoutesPolicy } from '@lead/access';

/**
 * Who may call which referrals route. Officers record referrals in their jurisdictions and edit
 * their agency's; the case manager on scene records their own arrival; program admins read their
 * jurisdictions' referrals and merge participant records; evaluators get counts only; everyone
 * else gets 403.
 */
export const referralsPolicy = defineAccessPolicy({
  ...platformRoutesPolicy,
  // GET /v1/audit/access-events: auditors, their jurisdictions' entries only (the service's own access audit).
  ...accessAuditPolicy,
  // GET /v1/access/throttled-addresses and DELETE .../:address (the lift, audited): program admins.
  ...addressThrottlePolicy,
  'POST /v1/referrals': { roles: ['officer'], scope: 'jurisdiction', audited: false },
  'POST /v1/referrals/:referralId/offer-answer': { roles: ['officer'], scope: 'own-agency', audited: false },
  'POST /v1/referrals/:referralId/aggrieved-party-agreement': {
    roles: ['officer'],
    scope: 'own-agency',
    audited: false,
  },
  'POST /v1/referrals/:referralId/lead-line-call': { roles: ['officer'], scope: 'own-agency', audited: false },
  // The role and the jurisdiction only: whether the caller's agency is a provider there is the jurisdiction's
  // configuration, checked by the handler and the decider once the referral is loaded (422 not_a_provider_agency).
  'POST /v1/referrals/:referralId/case-manager-arrival': {
    roles: ['case_manager'],
    scope: 'jurisdiction',
    audited: false,
  },
  'POST /v1/referrals/:referralId/custody-relinquished': { roles: ['officer'], scope: 'own-agency', audited: false },
  // The referral record, not the participant's record: workflow status (door, screening outcomes, offer, hand-off,
  // custody, prosecutor's decision) under a pseudonymous participant id, never identity, narrative, raw screening
  // answers or anything clinical. The officer recorded it and the program runs it, so reading it back discloses
  // nothing new to either: not audited (DESIGN.md §6 audits reads of participant records). An officer sees only
  // the agency's referrals: checked in the handler (one scope per route), answered 404 like a missing referral.
  'GET /v1/referrals/:referralId': { roles: ['officer', 'program_admin'], scope: 'jurisdiction', audited: false },
  // The same fields from the read model; officers get their agency's referrals only.
  'GET /v1/referrals': { roles: ['officer', 'program_admin'], scope: 'jurisdiction-filtered', audited: false },
  // Aggregates only (no referral, participant or officer named): evaluators may have them.
  'GET /v1/referrals/counts': { roles: ['program_admin', 'evaluator'], scope: 'jurisdiction-filtered', audited: false },
  'POST /v1/participants/:participantId/merge': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
  // A write that answers ids only (no participant record is read out): recorded, with who ordered it and the reason
  // code, as ParticipantErasureBegun / ParticipantErased in the participant's hash-chained stream, not as a read.
  'POST /v1/participants/:participantId/erasure': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
  // A county data warehouse (or the program) sends the justice system's extract for a jurisdiction of its token (another
  // answers 404, its body unread). The answer holds counts and refused line numbers only, never a person or which row
  // matched whom: a write, recorded in the participants' hash-chained justice records, not a read of them.
  'POST /v1/justice-imports': { roles: ['integrator', 'program_admin'], scope: 'jurisdiction', audited: false },
});
