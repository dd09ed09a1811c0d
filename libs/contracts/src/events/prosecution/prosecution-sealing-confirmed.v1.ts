import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId } from '../shared-fields.js';

export const prosecutionSealingConfirmedV1 = defineEventContract({
  type: 'lead.prosecution.sealing-confirmed',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'A record custodian sealed (or expunged) its records of the diverted arrest.',
  description:
    'Recorded by the prosecutor’s office as each custodian confirms, after `lead.prosecution.sealing-eligible`. ' +
    'Names the kind of custodian and the day, never a record’s content or number.',
  data: object({
    matterId: matterId(),
    custodian: choice(['police', 'prosecutor', 'court', 'jail'], 'The kind of record custodian that sealed.'),
    sealedOn: date('The day the custodian sealed its records.'),
  }),
});

export type ProsecutionSealingConfirmedV1 = ContractData<typeof prosecutionSealingConfirmedV1>;
