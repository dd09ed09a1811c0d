import { defineEventContract, type ContractData } from '../../event-contract.js';
import { arrayOf, choice, code, constant, dateTime, object, oneOf, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';
import { consentRecipients } from './consent-fields.js';

export const caseConsentRecordedV1 = defineEventContract({
  type: 'lead.case.consent-recorded',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The participant signed a release of information naming who may learn what, for what, until when.',
  description:
    'The consent’s terms as codes, in the elements 42 CFR Part 2 (2024 rule) asks of a written consent: to whom ' +
    '(`recipients`), what (`scope`), for what purpose, and when it expires; who discloses is the case’s provider ' +
    'agency. A recipient may receive through LEAD what `scope` names and nothing more, and only while the consent ' +
    'holds. The signed form and any wording stay in case management. A consent is revoked, in whole or for some ' +
    'recipients, by `lead.case.consent-revoked`.',
  data: object({
    caseId: caseId(),
    consentId: uuid('The consent, minted by case management; a revocation names it.'),
    recipients: consentRecipients('The agencies the participant allows to receive what `scope` names.'),
    scope: arrayOf(
      choice(
        ['participation-status'],
        '`participation-status`: enrolled or not, engagement level and progress in general terms; never ' +
          'clinical or substance-use detail.',
      ),
      'What the recipients may receive. One value today; more may be added, never narrowing the existing ones.',
      { minItems: 1, unique: true },
    ),
    purpose: code(
      'Why the recipients may receive it, as the jurisdiction’s configuration codes purposes (e.g. ' +
        '`care-coordination`). Never enforcement: information received through LEAD may not ground it.',
    ),
    signedAt: dateTime('When the participant signed.'),
    expiry: oneOf(
      [
        object(
          {
            kind: constant('date', 'The consent expires at a set time.'),
            expiresAt: dateTime('When the consent expires.'),
          },
          'Expires at a set time.',
        ),
        object(
          {
            kind: constant('event', 'The consent expires with an event.'),
            event: choice(['participation-ended'], '`participation-ended`: the participant exits the program.'),
          },
          'Expires when something happens.',
        ),
      ],
      'When the consent ends unless revoked earlier: at a date, or when participation ends. Switch on `kind`.',
    ),
  }),
});

export type CaseConsentRecordedV1 = ContractData<typeof caseConsentRecordedV1>;
