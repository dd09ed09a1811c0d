import { defineEventContract, type ContractData } from '../../event-contract.js';
import { code, date, object, optional, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

/**
 * v2 names the instrument and the occasion instead of listing domains. v1's fixed `domainsAssessed` enumeration
 * hard-coded one tool's domains, while instruments are jurisdiction configuration (no LEAD site standardises on one),
 * and a list naming `substance_use` told every subscriber, police included, that a substance-use assessment took
 * place. An instrument id and an occasion say neither.
 */
export const caseAssessmentCompletedV2 = defineEventContract({
  type: 'lead.case.assessment-completed',
  version: 2,
  topic: TOPICS.cases,
  summary: 'The case manager completed an assessment with one of the jurisdiction’s configured instruments.',
  description:
    'Names the instrument (its configured id and version) and the occasion (e.g. `baseline`, `reassessment`, ' +
    '`closeout`), never the domains covered or what was found: findings are clinical or substance-use detail ' +
    '(42 CFR Part 2, HIPAA minimum necessary) and stay in case management. Events first published as v1 read ' +
    '`unknown` for the instrument and the occasion, and have no `assessmentId`.',
  data: object({
    caseId: caseId(),
    assessmentId: optional(
      uuid(
        'The assessment, minted by case management. Always present in events published as v2; absent only in ' +
          'events first published as v1, which had no id (an id made up on reading would look real).',
      ),
    ),
    instrument: object(
      {
        id: code(
          'The instrument’s id in the jurisdiction’s configuration (e.g. `lead-needs`); `unknown` for v1 events.',
        ),
        version: code('The instrument version in force (configuration, e.g. `2026-01`); `unknown` for v1 events.'),
      },
      'The configured assessment instrument and the version of it that was used.',
    ),
    occasion: code(
      'Why the assessment was due, as the jurisdiction configures occasions (e.g. `entry`, `baseline`, ' +
        '`reassessment`, `closeout`); `unknown` for v1 events.',
    ),
    completedOn: date('The day the assessment was completed.'),
    nextDueOn: optional(date('The day the next assessment of the schedule is due; absent when none is scheduled.')),
  }),
});

export type CaseAssessmentCompletedV2 = ContractData<typeof caseAssessmentCompletedV2>;
