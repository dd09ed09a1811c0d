import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, integer, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const casePlanUpdatedV1 = defineEventContract({
  type: 'lead.case.plan-updated',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The individual intervention plan (IIP) was written or revised.',
  description:
    'The goals are the participant’s own and stay in case management; the liaison prosecutor coordinates charges ' +
    'with the plan through the authorised API, not through this event.',
  data: object({
    caseId: caseId(),
    planVersion: integer('The plan’s version: 1 for the first plan, one more for each revision.', { minimum: 1 }),
    goalCount: integer('How many goals the plan holds.', { minimum: 0 }),
    updatedAt: dateTime('When the plan was saved.'),
  }),
});

export type CasePlanUpdatedV1 = ContractData<typeof casePlanUpdatedV1>;
