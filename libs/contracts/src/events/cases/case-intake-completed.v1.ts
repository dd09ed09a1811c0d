import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, date, object, optional } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseIntakeCompletedV1 = defineEventContract({
  type: 'lead.case.intake-completed',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The participant completed the intake assessment.',
  description:
    'For an arrest diversion the prosecutor holds the charge until the intake deadline: intake within it means the ' +
    'charge is not filed. Nothing said at intake travels.',
  data: object({
    caseId: caseId(),
    completedOn: date('The day intake was completed.'),
    deadline: optional(
      object(
        {
          due: date('The last day of the jurisdiction’s intake deadline.'),
          met: boolean('Whether intake was completed on or before `due`.'),
        },
        'Present when a charge is held against the intake deadline (arrest diversion); absent otherwise.',
      ),
    ),
    releaseOfInformationSigned: boolean(
      'Whether the participant signed the multi-party release of information (some jurisdictions require it with intake).',
    ),
  }),
});

export type CaseIntakeCompletedV1 = ContractData<typeof caseIntakeCompletedV1>;
