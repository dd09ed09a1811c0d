import { defineEventContract, type ContractData } from '../../event-contract.js';
import { arrayOf, choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseAssessmentCompletedV1 = defineEventContract({
  type: 'lead.case.assessment-completed',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The case manager completed an assessment of the participant’s needs.',
  description:
    'Lists which domains were assessed, never what was found: findings are clinical or substance-use detail ' +
    '(42 CFR Part 2, HIPAA minimum necessary) and stay in case management.',
  data: object({
    caseId: caseId(),
    completedOn: date('The day the assessment was completed.'),
    domainsAssessed: arrayOf(
      choice(
        [
          'housing',
          'income_benefits',
          'substance_use',
          'mental_health',
          'physical_health',
          'legal',
          'education_employment',
          'social_support',
        ],
        'An assessment domain.',
      ),
      'The domains covered by this assessment.',
      { minItems: 1, unique: true },
    ),
  }),
});

export type CaseAssessmentCompletedV1 = ContractData<typeof caseAssessmentCompletedV1>;
