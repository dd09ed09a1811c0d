import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, dateTime, object, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId } from '../shared-fields.js';

/**
 * v2 speaks the statuses of closed-loop referral networks (referred, pending, needs client action, eligible, got
 * help, couldn't contact, not eligible, no capacity, couldn't get help, no longer interested, referred elsewhere)
 * instead of v1's five, which could not say why a loop closed without help; `serviceReferralId` becomes
 * `serviceConnectionId`, the case-management name; `transportation` is no longer a category of its own.
 */
export const caseServiceReferralStatusChangedV2 = defineEventContract({
  type: 'lead.case.service-referral-status-changed',
  version: 2,
  topic: TOPICS.cases,
  summary: 'A service connection moved along its closed loop (referred, eligible, got help, …).',
  description:
    'Case management records finer service types (medication for opioid use disorder, other substance-use ' +
    'treatment, mental-health care, medical care) but publishes all of them as the one category `health_care`, ' +
    'on purpose: a published "MOUD" or "treatment" would disclose substance-use treatment (42 CFR Part 2) or ' +
    'clinical detail to every subscriber, police included. Only the status travels, never the provider’s reasons.',
  data: object({
    caseId: caseId(),
    serviceConnectionId: uuid('The service connection, stable across its status changes.'),
    serviceCategory: choice(
      [
        'housing',
        'health_care',
        'food',
        'legal_advocacy',
        'education',
        'job_training',
        'income_benefits',
        'identification_documents',
        'other',
      ],
      'What kind of service, coarsely. `health_care` covers medical, mental-health and substance-use care alike.',
    ),
    status: choice(
      [
        'referred',
        'pending',
        'needs_client_action',
        'eligible',
        'got_help',
        'couldnt_contact',
        'not_eligible',
        'no_capacity',
        'couldnt_get_help',
        'no_longer_interested',
        'referred_elsewhere',
      ],
      'The connection’s new status, as closed-loop referral networks name them. `got_help`, `not_eligible`, ' +
        '`no_capacity`, `couldnt_get_help`, `no_longer_interested` and `referred_elsewhere` close the loop.',
    ),
    changedAt: dateTime('When the status changed.'),
  }),
});

export type CaseServiceReferralStatusChangedV2 = ContractData<typeof caseServiceReferralStatusChangedV2>;
