import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object, optional } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

const LEVELS = ['high', 'moderate', 'low', 'inactive'] as const;

export const caseEngagementChangedV1 = defineEventContract({
  type: 'lead.case.engagement-changed',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The case manager recorded a new engagement level.',
  description:
    'Harm reduction has no sanctions and no fixed completion: engagement may fall, rise, go inactive and return. ' +
    'Police and prosecutors may learn the level, never the reasons.',
  data: object({
    caseId: caseId(),
    level: choice(LEVELS, 'The participant’s engagement from now on.'),
    previousLevel: optional(choice(LEVELS, 'The level before this change; absent for the first level recorded.')),
    changedOn: date('The day the level changed.'),
  }),
});

export type CaseEngagementChangedV1 = ContractData<typeof caseEngagementChangedV1>;
