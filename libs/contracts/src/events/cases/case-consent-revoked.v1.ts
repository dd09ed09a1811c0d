import { defineEventContract, type ContractData } from '../../event-contract.js';
import { constant, dateTime, object, oneOf, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';
import { consentRecipients } from './consent-fields.js';

export const caseConsentRevokedV1 = defineEventContract({
  type: 'lead.case.consent-revoked',
  version: 1,
  topic: TOPICS.cases,
  summary: 'The participant revoked a consent, for every recipient or for some.',
  description:
    '42 CFR Part 2 lets a consent be revoked in part, for some recipients. From `revokedAt` a recipient named ' +
    '(or every recipient, for `all`) receives nothing more under the consent; what it received before stays under ' +
    'the redisclosure prohibition. The participant’s reasons are never recorded here.',
  data: object({
    caseId: caseId(),
    consentId: uuid('The consent revoked, as `lead.case.consent-recorded` named it.'),
    recipients: oneOf(
      [
        constant('all', 'Every recipient of the consent: the consent ends.'),
        consentRecipients('Only these recipients of the consent; it goes on for the others.'),
      ],
      'Whom the revocation concerns: the string `all`, or the agency codes of some of the consent’s recipients.',
    ),
    revokedAt: dateTime('When the participant revoked the consent.'),
  }),
});

export type CaseConsentRevokedV1 = ContractData<typeof caseConsentRevokedV1>;
