import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, code, dateTime, object, staffId } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, matterId, referralId } from '../shared-fields.js';

export const prosecutionEligibilityDecidedV1 = defineEventContract({
  type: 'lead.prosecution.eligibility-decided',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'A prosecutor confirmed or overrode the officer’s eligibility screening of a diverted arrest.',
  description:
    'The prosecutor has the final word on an arrest diversion’s eligibility. The referrals service applies this ' +
    'decision to the referral (consumer group `lead.referrals`) and then publishes ' +
    '`lead.referral.prosecutor-eligibility-decided`. The reason is a code; the prosecutor’s own reasoning stays in ' +
    'the prosecutor’s office.',
  data: object({
    matterId: matterId(),
    referralId: referralId(),
    decision: choice(['confirmed', 'overridden'], 'Whether the prosecutor kept or reversed the officer’s screening.'),
    outcome: choice(['eligible', 'ineligible'], 'The eligibility that stands after the decision.'),
    reasonCode: code('Why, as a code (e.g. `meets_protocol`, `pending_felony`).'),
    decidedBy: object(
      {
        agency: agencyCode('The deciding prosecutor’s office'),
        staffId: staffId('The deciding prosecutor: the opaque subject of their token.'),
      },
      'Who decided: the decision is attributed to one prosecutor.',
    ),
    decidedAt: dateTime('When the prosecutor decided.'),
  }),
});

export type ProsecutionEligibilityDecidedV1 = ContractData<typeof prosecutionEligibilityDecidedV1>;
