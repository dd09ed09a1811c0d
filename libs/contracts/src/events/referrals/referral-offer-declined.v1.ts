import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { referralId } from '../shared-fields.js';

export const referralOfferDeclinedV1 = defineEventContract({
  type: 'lead.referral.offer-declined',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The person declined the offer of LEAD.',
  description:
    'After an arrest, the case goes through normal processing. Declines are counted (evaluators report them by ' +
    'door and district); no reason is recorded, because none may be asked of the person.',
  data: object({
    referralId: referralId(),
    answeredAt: dateTime('When the person answered.'),
  }),
});

export type ReferralOfferDeclinedV1 = ContractData<typeof referralOfferDeclinedV1>;
