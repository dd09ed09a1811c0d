import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, code, dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, referralId } from '../shared-fields.js';

export const referralProsecutorEligibilityDecidedV1 = defineEventContract({
  type: 'lead.referral.prosecutor-eligibility-decided',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The prosecutor confirmed or overrode the officer’s eligibility screening of an arrest diversion.',
  description:
    'The prosecutor has the final word on eligibility of an arrest diversion. An override is an attributed ' +
    'decision of its own, with a reason code from the jurisdiction’s configuration; no free-text reasoning travels.',
  data: object({
    referralId: referralId(),
    decision: choice(['confirmed', 'overridden'], 'Whether the prosecutor kept or reversed the screening outcome.'),
    outcome: choice(['eligible', 'ineligible'], 'The eligibility that stands after the decision.'),
    reasonCode: code('Why, as a code the prosecutor’s office configured (e.g. `criminal_history_reviewed`).'),
    prosecutorAgency: agencyCode('The deciding prosecutor’s office'),
    decidedAt: dateTime('When the prosecutor decided.'),
  }),
});

export type ReferralProsecutorEligibilityDecidedV1 = ContractData<typeof referralProsecutorEligibilityDecidedV1>;
