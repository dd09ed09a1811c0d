import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, choice, date, object, optional } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

const LEVELS = ['engaged', 'low', 'inactive'] as const;

/**
 * v2 has three levels instead of four: under the multi-party release, police and prosecutors may learn that a
 * participant is engaged and how they progress in general terms, and v1's `high` and `moderate` graded the
 * participant more finely than that. `reengaged` says outright that the participant came back from `inactive`, the
 * return the program exists to allow. It keeps v1's day, never the hour: a level changes at a contact's instant, or
 * a whole number of days after one, so an hour here would give away the hour of a street contact that
 * `lead.case.contact-logged` publishes by day only.
 */
export const caseEngagementChangedV2 = defineEventContract({
  type: 'lead.case.engagement-changed',
  version: 2,
  topic: TOPICS.cases,
  summary: 'The case manager recorded a new engagement level.',
  description:
    'Harm reduction has no sanctions and no fixed completion: engagement may fall, rise, go inactive and return, ' +
    'and inactivity is never an exit. Police and prosecutors may learn the level, never the reasons.',
  data: object({
    caseId: caseId(),
    level: choice(LEVELS, 'The participant’s engagement from now on.'),
    previousLevel: optional(choice(LEVELS, 'The level before this change; absent for the first level recorded.')),
    reengaged: boolean('True when the participant comes back from `inactive` (`previousLevel` is `inactive`).'),
    changedOn: date('The day the level changed (UTC).'),
  }),
});

export type CaseEngagementChangedV2 = ContractData<typeof caseEngagementChangedV2>;
