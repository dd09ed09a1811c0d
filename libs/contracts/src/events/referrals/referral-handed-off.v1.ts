import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, dateTime, number, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, referralId } from '../shared-fields.js';

/** Superseded by v2 (`minutes` renamed `minutesFromCall`, target added); still accepted and upcast on read. */
export const referralHandedOffV1 = defineEventContract({
  type: 'lead.referral.handed-off',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'A case manager arrived on scene after the officer called the LEAD line (warm hand-off).',
  description:
    'The program measures the time from the officer’s call to the case manager’s arrival against a target ' +
    '(30 minutes in most jurisdictions).',
  data: object({
    referralId: referralId(),
    calledAt: dateTime('When the officer called the LEAD line.'),
    arrivedAt: dateTime('When the case manager arrived.'),
    minutes: number('Minutes from the call to the arrival, to a tenth of a minute.', { minimum: 0 }),
    withinTarget: boolean('Whether the arrival was within the jurisdiction’s hand-off target.'),
    caseManagerAgency: agencyCode('The provider agency of the case manager who arrived'),
  }),
});

export type ReferralHandedOffV1 = ContractData<typeof referralHandedOffV1>;
