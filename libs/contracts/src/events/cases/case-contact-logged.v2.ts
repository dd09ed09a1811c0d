import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, choice, date, integer, object, optional, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

/**
 * v2 speaks the kinds of contact the program has (a street contact, an outreach attempt) instead of a clinic's
 * (`video`, `collateral`), says `successful` where v1's `outreachAttempt` said the inverse, and gives each contact an
 * id and an instant, so that contacts of one day stay apart and in order.
 */
export const caseContactLoggedV2 = defineEventContract({
  type: 'lead.case.contact-logged',
  version: 2,
  topic: TOPICS.cases,
  summary: 'The case manager logged a contact with, or an attempt to reach, the participant.',
  description:
    'Engagement is measured in contacts per month, and attempts that did not reach the participant count too. ' +
    'The kind and the day travel, never the hour, the place or what was said, so the event cannot tell anyone where ' +
    'or when the participant was. Events first published as v1 have no `contactId`.',
  data: object({
    caseId: caseId(),
    contactId: optional(
      uuid(
        'The contact, minted by case management. Always present in events published as v2; absent only in events ' +
          'first published as v1, which had no id (an id made up on reading would look real).',
      ),
    ),
    contactKind: choice(
      ['in_person', 'phone', 'text', 'outreach_attempt', 'street_contact'],
      '`street_contact`: met where the participant spends time, unscheduled; `outreach_attempt`: looking for the ' +
        'participant (at a shelter, through a provider), whether or not they were found.',
    ),
    successful: boolean('True when the contact reached the participant; false for an attempt that did not.'),
    contactedOn: date('The day of the contact (UTC).'),
    durationMinutes: optional(integer('How long the contact lasted, in whole minutes.', { minimum: 0 })),
  }),
});

export type CaseContactLoggedV2 = ContractData<typeof caseContactLoggedV2>;
