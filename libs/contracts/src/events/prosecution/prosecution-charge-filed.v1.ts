import { defineEventContract, type ContractData } from '../../event-contract.js';
import { date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId, offenseCode } from '../shared-fields.js';

export const prosecutionChargeFiledV1 = defineEventContract({
  type: 'lead.prosecution.charge-filed',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The prosecutor filed the charge of a diverted arrest.',
  description:
    'Counted at every decision point, with the other outcomes, to find disparities. Carries no court case number: ' +
    'court records are public and would identify the person.',
  data: object({
    matterId: matterId(),
    offenseCode: offenseCode('The charge filed'),
    filedOn: date('The day the charge was filed.'),
  }),
});

export type ProsecutionChargeFiledV1 = ContractData<typeof prosecutionChargeFiledV1>;
