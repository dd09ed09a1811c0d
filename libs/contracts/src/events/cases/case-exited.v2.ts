import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

/**
 * v2 drops v1's `lost_contact`: inactivity is never an exit in LEAD (people cannot fail out; an inactive
 * participant stays enrolled and may re-engage, `lead.case.engagement-changed`), so an exit for it contradicted the
 * program. The other reasons keep their meaning under plainer names, `declined_services` is added for a participant
 * who chooses to leave, and the time is an instant. The HUD HMIS 3.12 destination at exit stays in case
 * management: where a person went to live is personal.
 */
export const caseExitedV2 = defineEventContract({
  type: 'lead.case.exited',
  version: 2,
  topic: TOPICS.cases,
  summary: 'The participant left the program.',
  description:
    'Exits are reported by reason; the reason is a code, never the case manager’s account, and the destination at ' +
    'exit is not published. Going inactive is not an exit. An exit can be reversed: `lead.case.reenrolled`.',
  data: object({
    caseId: caseId(),
    reason: choice(
      [
        'transitioned_out',
        'moved_away',
        'incarcerated',
        'deceased',
        'declined_services',
        'terminated_by_prosecutor_criteria',
        'other',
      ],
      '`transitioned_out`: with the goals the participant chose met; `incarcerated`: on a non-divertible matter; ' +
        '`declined_services`: the participant chose to leave; `terminated_by_prosecutor_criteria`: by the case ' +
        'coordinating committee on criteria set by the prosecutor’s office.',
    ),
    exitedAt: dateTime('When the exit was recorded (v1 events: midnight UTC of the day).'),
  }),
});

export type CaseExitedV2 = ContractData<typeof caseExitedV2>;
