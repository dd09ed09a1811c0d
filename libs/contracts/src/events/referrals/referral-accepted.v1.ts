import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { referralId } from '../shared-fields.js';

export const referralAcceptedV1 = defineEventContract({
  type: 'lead.referral.accepted',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The person is enrolled in LEAD: every step the jurisdiction requires is done.',
  description:
    'Case management opens a case on this event (consumer group `lead.case-management`), and the prosecutor’s ' +
    'intake deadline for a held charge runs from it.',
  data: object({
    referralId: referralId(),
    acceptedAt: dateTime('When the referral was accepted into the program.'),
  }),
});

export type ReferralAcceptedV1 = ContractData<typeof referralAcceptedV1>;
