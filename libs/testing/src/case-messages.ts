import { TOPICS, type IntegrationEvent, type IntegrationEventType, type LatestEventData } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { randomUUID } from 'node:crypto';
import { publishOnEmbeddedBus, type MessageSubject } from './embedded-bus-message.js';
import type { TestReferral } from './referral-messages.js';

/*
 * Case management's integration events, put on the embedded bus's `lead.cases.v1` exactly as that service's relay
 * does, for the suites of the services that follow cases (prosecution): only the contracts, never that service.
 */

export interface TestCase extends MessageSubject {
  caseId: string;
  referralId: string;
}

type CaseEventType = Extract<IntegrationEventType, `lead.case.${string}`>;

/** One case event on `lead.cases.v1`, recorded at `time` (default now). */
export function publishCaseEvent<T extends CaseEventType>(
  store: EventStore,
  testCase: TestCase,
  type: T,
  data: LatestEventData[T],
  time?: string,
): Promise<IntegrationEvent> {
  return publishOnEmbeddedBus(store, TOPICS.cases, '/lead/case-management', testCase, type, data, time);
}

/** `lead.case.opened` for an accepted referral, by `providerAgency`. */
export async function publishCaseOpened(
  store: EventStore,
  referral: TestReferral,
  providerAgency = 'ARTS',
  openedAt = new Date().toISOString(),
): Promise<TestCase> {
  const testCase: TestCase = {
    caseId: randomUUID(),
    referralId: referral.referralId,
    participantId: referral.participantId,
    jurisdiction: referral.jurisdiction,
    correlationId: referral.correlationId,
  };
  await publishCaseEvent(
    store,
    testCase,
    'lead.case.opened',
    { caseId: testCase.caseId, referralId: referral.referralId, providerAgency, openedAt },
    openedAt,
  );
  return testCase;
}

/** `lead.case.consent-recorded`: participation status for `recipients`, until the participant exits. */
export async function publishConsentRecorded(
  store: EventStore,
  testCase: TestCase,
  recipients: string[],
  signedAt: string,
): Promise<string> {
  const consentId = randomUUID();
  await publishCaseEvent(
    store,
    testCase,
    'lead.case.consent-recorded',
    {
      caseId: testCase.caseId,
      consentId,
      recipients,
      scope: ['participation-status'],
      purpose: 'care-coordination',
      signedAt,
      expiry: { kind: 'event', event: 'participation-ended' },
    },
    signedAt,
  );
  return consentId;
}

/** `lead.case.intake-completed`, recorded by case management at `recordedAt`. */
export function publishIntakeCompleted(
  store: EventStore,
  testCase: TestCase,
  recordedAt: string,
): Promise<IntegrationEvent> {
  return publishCaseEvent(
    store,
    testCase,
    'lead.case.intake-completed',
    { caseId: testCase.caseId, completedOn: recordedAt.slice(0, 10), releaseOfInformationSigned: true },
    recordedAt,
  );
}
