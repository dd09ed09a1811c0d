import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseContactLoggedV1 = defineEventContract({
  type: 'lead.case.contact-logged',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The case manager logged a contact with, or an attempt to reach, the participant.',
  description:
    'Engagement is measured in contacts per month, and outreach attempts count too. Only the day travels, not the ' +
    'time or place, so the event cannot tell anyone where the participant was.',
  data: object({
    caseId: caseId(),
    contactKind: choice(
      ['in_person', 'phone', 'video', 'text_message', 'collateral'],
      '`collateral`: with a provider or another professional on the participant’s behalf.',
    ),
    outreachAttempt: boolean('True when the participant was not reached (an attempt).'),
    contactedOn: date('The day of the contact.'),
  }),
});

export type CaseContactLoggedV1 = ContractData<typeof caseContactLoggedV1>;
