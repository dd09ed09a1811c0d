import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseReenrolledV1 = defineEventContract({
  type: 'lead.case.reenrolled',
  version: 1,
  topic: TOPICS.cases,
  summary: 'A participant who had exited was enrolled again, in the same case.',
  description:
    'An exit is reversible: a participant who left (moved away, was incarcerated, declined services) may come back, ' +
    'and the case reopens rather than a new one starting, so the participant’s history stays one history. After ' +
    'this event the case is active as it was before `lead.case.exited`.',
  data: object({
    caseId: caseId(),
    reenrolledAt: dateTime('When the participant was enrolled again.'),
  }),
});

export type CaseReenrolledV1 = ContractData<typeof caseReenrolledV1>;
