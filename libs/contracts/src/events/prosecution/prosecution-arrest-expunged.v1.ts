import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId, referralId } from '../shared-fields.js';

export const prosecutionArrestExpungedV1 = defineEventContract({
  type: 'lead.prosecution.arrest-expunged',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'LEAD’s own record of the diverted arrest is closed: its narrative must become unreadable.',
  description:
    'The referrals service destroys the key that sealed the arrest’s offense narrative and identifying details, ' +
    'so every read shows them erased; the participant’s other records stay readable, and the events, hashes and ' +
    'audit trail still verify. Integrators holding a copy of the arrest’s details must delete it.',
  data: object({
    matterId: matterId(),
    referralId: referralId(),
    basis: choice(
      ['expunged_by_rule', 'sealed_by_custodians'],
      '`expunged_by_rule`: the protocol expunges the infraction (Rochester: after 30 days of participation); ' +
        '`sealed_by_custodians`: every record custodian confirmed it sealed its records.',
    ),
    expungedOn: date('The day the arrest was expunged here.'),
  }),
});

export type ProsecutionArrestExpungedV1 = ContractData<typeof prosecutionArrestExpungedV1>;
