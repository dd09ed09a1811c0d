import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, integer, object, yearMonth } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

/** HUD HMIS answer options for yes/no data elements (HMIS Data Standards: 1, 0, 8, 9, 99). */
const hmisAnswer = (description: string) =>
  choice(['yes', 'no', 'client_doesnt_know', 'client_prefers_not_to_answer', 'data_not_collected'], description);

export const caseMonthlySnapshotRecordedV1 = defineEventContract({
  type: 'lead.case.monthly-snapshot-recorded',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The participant’s status for one month: housing, employment, income and benefits, contacts.',
  description:
    'What evaluators analyse. Housing is given as the HUD HMIS living-situation group (homeless 100s, institutional ' +
    '200s, temporary 300s, permanent 400s), not the detailed code: detailed institutional codes name psychiatric ' +
    'and substance-use treatment facilities, which is clinical detail.',
  data: object({
    caseId: caseId(),
    month: yearMonth('The month described.'),
    housingStatus: choice(
      [
        'homeless',
        'institutional',
        'temporary',
        'permanent',
        'other',
        'client_doesnt_know',
        'client_prefers_not_to_answer',
        'data_not_collected',
      ],
      'HUD HMIS living situation, by group, at the end of the month.',
    ),
    employmentStatus: choice(
      [
        'employed_full_time',
        'employed_part_time',
        'employed_seasonal',
        'not_employed_looking',
        'not_employed_not_looking',
        'unable_to_work',
        'client_doesnt_know',
        'client_prefers_not_to_answer',
        'data_not_collected',
      ],
      'Employment status (HUD HMIS R6), at the end of the month.',
    ),
    income: hmisAnswer('Income from any source (HUD HMIS 4.02).'),
    nonCashBenefits: hmisAnswer('Non-cash benefits from any source (HUD HMIS 4.03).'),
    healthInsurance: hmisAnswer('Covered by health insurance (HUD HMIS 4.04).'),
    contacts: integer('Contacts that reached the participant during the month.', { minimum: 0 }),
    outreachAttempts: integer('Attempts that did not reach the participant during the month.', { minimum: 0 }),
  }),
});

export type CaseMonthlySnapshotRecordedV1 = ContractData<typeof caseMonthlySnapshotRecordedV1>;
