import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { referralId } from '../shared-fields.js';

export const referralClosedV1 = defineEventContract({
  type: 'lead.referral.closed',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The referral ended without enrolment.',
  description:
    'Where an arrest was made, the person goes through normal processing: the prosecution service releases the ' +
    'held charge on this event.',
  data: object({
    referralId: referralId(),
    reason: choice(
      ['ineligible', 'declined_by_person', 'aggrieved_party_disagreed', 'prosecutor_found_ineligible'],
      'Why the referral ended.',
    ),
    closedAt: dateTime('When the referral ended.'),
  }),
});

export type ReferralClosedV1 = ContractData<typeof referralClosedV1>;
