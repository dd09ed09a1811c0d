import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, caseId, referralId } from '../shared-fields.js';

export const caseOpenedV1 = defineEventContract({
  type: 'lead.case.opened',
  version: 1,
  topic: TOPICS.cases,
  summary: 'Case management opened a case for an accepted referral.',
  description:
    'Opened in reaction to `lead.referral.accepted`; the event id is derived from that event’s id, so a redelivered ' +
    'referral never opens a second case.',
  data: object({
    caseId: caseId(),
    referralId: referralId(),
    providerAgency: agencyCode('The provider agency whose case manager holds the case'),
    openedAt: dateTime('When the case was opened.'),
  }),
});

export type CaseOpenedV1 = ContractData<typeof caseOpenedV1>;
