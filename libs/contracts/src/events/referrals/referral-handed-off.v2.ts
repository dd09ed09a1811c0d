import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, dateTime, integer, number, object, optional } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, referralId } from '../shared-fields.js';

/**
 * v2 renames v1's `minutes`, which readers took for the time on scene, to `minutesFromCall`, and
 * adds the target the arrival was measured against: targets are jurisdiction configuration and
 * change between protocol versions, so `withinTarget` alone could not be re-checked later.
 */
export const referralHandedOffV2 = defineEventContract({
  type: 'lead.referral.handed-off',
  version: 2,
  topic: TOPICS.referrals,
  summary: 'A case manager arrived on scene after the officer called the LEAD line (warm hand-off).',
  description:
    'The program measures the time from the officer’s call to the case manager’s arrival against the ' +
    'jurisdiction’s target (30 minutes in most jurisdictions).',
  data: object({
    referralId: referralId(),
    calledAt: dateTime('When the officer called the LEAD line.'),
    arrivedAt: dateTime('When the case manager arrived.'),
    minutesFromCall: number('Minutes from the call to the arrival, to a tenth of a minute.', { minimum: 0 }),
    withinTarget: boolean('Whether `minutesFromCall` is within `targetMinutes`.'),
    targetMinutes: optional(
      integer('The hand-off target of the protocol version in force. Absent in events first published as v1.', {
        minimum: 1,
      }),
    ),
    caseManagerAgency: agencyCode('The provider agency of the case manager who arrived'),
  }),
});

export type ReferralHandedOffV2 = ContractData<typeof referralHandedOffV2>;
