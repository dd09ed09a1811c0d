import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, dateTime, object, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

export const caseServiceReferralStatusChangedV1 = defineEventContract({
  type: 'lead.case.service-referral-status-changed',
  version: 1,
  topic: TOPICS.cases,
  summary: 'A service connection moved along its closed loop: sent, accepted, started, completed or declined.',
  description:
    'Medical care, mental-health care and substance-use treatment (including medication for opioid use disorder) ' +
    'share the one category `health_care` on purpose: naming the kind of treatment would disclose substance-use ' +
    'or clinical detail (42 CFR Part 2) to every subscriber. Case management keeps the precise service.',
  data: object({
    caseId: caseId(),
    serviceReferralId: uuid('The service connection, stable across its status changes.'),
    serviceCategory: choice(
      [
        'housing',
        'income_benefits',
        'food',
        'health_care',
        'legal_advocacy',
        'education',
        'job_training',
        'identification_documents',
        'transportation',
        'other',
      ],
      'What kind of service, coarsely.',
    ),
    status: choice(['sent', 'accepted', 'started', 'completed', 'declined'], 'The connection’s new status.'),
    changedAt: dateTime('When the status changed.'),
  }),
});

export type CaseServiceReferralStatusChangedV1 = ContractData<typeof caseServiceReferralStatusChangedV1>;
