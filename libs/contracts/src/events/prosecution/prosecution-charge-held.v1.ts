import { defineEventContract, type ContractData } from '../../event-contract.js';
import { date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId, offenseCode, referralId } from '../shared-fields.js';

export const prosecutionChargeHeldV1 = defineEventContract({
  type: 'lead.prosecution.charge-held',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The prosecutor holds the diverted arrest’s charge until the intake deadline.',
  description:
    'The presumption is that the charge is not filed if the participant completes intake by `intakeDeadline` ' +
    '(7 to 30 days depending on the jurisdiction).',
  data: object({
    matterId: matterId(),
    referralId: referralId(),
    offenseCode: offenseCode('The charge held'),
    heldOn: date('The day the hold began.'),
    intakeDeadline: date('The last day on which intake keeps the charge from being filed.'),
  }),
});

export type ProsecutionChargeHeldV1 = ContractData<typeof prosecutionChargeHeldV1>;
