import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseExitedV1 = defineEventContract({
  type: 'lead.case.exited',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The participant left the program.',
  description: 'Exits are reported by reason; the reason is a code, never the case manager’s account.',
  data: object({
    caseId: caseId(),
    reason: choice(
      ['goals_met', 'moved_away', 'incarcerated_non_divertible', 'deceased', 'lost_contact', 'terminated_by_committee'],
      '`goals_met`: transitioned out with goals met; `lost_contact`: beyond the configured period; ' +
        '`terminated_by_committee`: by the case coordinating committee on the prosecutor office’s criteria.',
    ),
    exitedOn: date('The day of the exit.'),
  }),
});

export type CaseExitedV1 = ContractData<typeof caseExitedV1>;
