import { defineEventContract, type ContractData } from '../../event-contract.js';
import { arrayOf, choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId } from '../shared-fields.js';

export const prosecutionSealingEligibleV1 = defineEventContract({
  type: 'lead.prosecution.sealing-eligible',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The diverted arrest’s records may be sealed from a date on, at the listed record custodians.',
  description:
    'Some jurisdictions let a person seal arrest records after a completed diversion with no charge filed ' +
    '(e.g. C.R.S. 24-72-704). Tells each custodian that it holds records concerned, not what they say.',
  data: object({
    matterId: matterId(),
    recordCustodians: arrayOf(
      choice(['police', 'prosecutor', 'court', 'jail'], 'A kind of record custodian.'),
      'The custodians that hold records of the arrest.',
      { minItems: 1, unique: true },
    ),
    eligibleOn: date('The first day sealing may be requested.'),
  }),
});

export type ProsecutionSealingEligibleV1 = ContractData<typeof prosecutionSealingEligibleV1>;
