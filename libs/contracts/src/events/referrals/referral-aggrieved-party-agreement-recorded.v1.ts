import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { referralId } from '../shared-fields.js';

export const referralAggrievedPartyAgreementRecordedV1 = defineEventContract({
  type: 'lead.referral.aggrieved-party-agreement-recorded',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'Whether the aggrieved party present agreed to the diversion.',
  description:
    'Only where the jurisdiction requires it (e.g. Rochester). Says nothing about who the aggrieved party is.',
  data: object({
    referralId: referralId(),
    agreed: boolean('True when the aggrieved party agreed; false ends the referral.'),
    recordedAt: dateTime('When the answer was recorded.'),
  }),
});

export type ReferralAggrievedPartyAgreementRecordedV1 = ContractData<typeof referralAggrievedPartyAgreementRecordedV1>;
