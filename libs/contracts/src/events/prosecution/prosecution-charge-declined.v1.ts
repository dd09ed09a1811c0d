import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId } from '../shared-fields.js';

export const prosecutionChargeDeclinedV1 = defineEventContract({
  type: 'lead.prosecution.charge-declined',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The prosecutor declined to file the held charge.',
  description: 'Usually after intake within the deadline. A declined charge may make the arrest records sealable.',
  data: object({
    matterId: matterId(),
    reason: choice(
      ['intake_completed', 'prosecutorial_discretion', 'insufficient_evidence'],
      'Why the charge was declined.',
    ),
    declinedOn: date('The day of the decision.'),
  }),
});

export type ProsecutionChargeDeclinedV1 = ContractData<typeof prosecutionChargeDeclinedV1>;
