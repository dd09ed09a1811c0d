import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { referralId } from '../shared-fields.js';

export const referralOfferAcceptedV1 = defineEventContract({
  type: 'lead.referral.offer-accepted',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The person accepted the offer of LEAD.',
  description:
    'Participation is voluntary: this records the person’s yes. Enrolment may still wait for an aggrieved party’s ' +
    'agreement, the warm hand-off or the prosecutor’s decision; `lead.referral.accepted` marks it.',
  data: object({
    referralId: referralId(),
    answeredAt: dateTime('When the person answered.'),
  }),
});

export type ReferralOfferAcceptedV1 = ContractData<typeof referralOfferAcceptedV1>;
