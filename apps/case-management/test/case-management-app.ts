import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import { decodeIntegrationEvent, receivedMessage, topicStream } from '@lead/messaging';
import { ManualClock } from '@lead/scheduling';
import {
  callService,
  eventually,
  publishReferralAccepted,
  publishReferralHandedOff,
  publishReferralRecorded,
  startServiceApp,
  type Answer,
  type ServiceApp,
  type TestReferral,
  type TestReferralOptions,
} from '@lead/testing';
import { caseIdFor } from '../src/case/case.repository.js';
import { CaseManagementModule } from '../src/case-management.module.js';
import { ServiceClock } from '@lead/scheduling/service';

export type { Answer, TestReferral };
export { eventually };

export interface CaseManagementApp extends ServiceApp {
  /** The service's own schema (inbox, timers, referral facts). */
  schema: string;
  /** The service's clock, moved by the test. */
  clock: ManualClock;
}

/**
 * The real CaseManagementModule on the platform (embedded bus by default), on a random port, in schemas of its own,
 * reading a `ManualClock` that starts at `now` (default: the real time, so request times not in the future pass).
 */
export async function startCaseManagementApp(
  extraEnv: Record<string, string> = {},
  now: Date = new Date(),
): Promise<CaseManagementApp> {
  const service = await startServiceApp(CaseManagementModule, { label: 'case_management', env: extraEnv });
  const clock = new ManualClock(now);
  service.app.get(ServiceClock).drive(clock);
  return Object.assign(service, { schema: service.env.DATABASE_SCHEMA, clock });
}

export function call(
  app: ServiceApp,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return callService(app.url, method, path, token, body, headers);
}

/** A case manager's or supervisor's purpose of use, for the audited case read. */
export const CASE_WORK = { 'x-purpose-of-use': 'case-management' };

/**
 * A referral of `options` recorded, handed off to `agency`'s case manager and accepted, as the referrals service
 * publishes them; resolves once its case is open. Times default to just before the clock.
 */
export async function acceptedReferral(
  app: CaseManagementApp,
  options: TestReferralOptions & { handOffAgency?: string } = {},
): Promise<TestReferral & { caseId: string }> {
  const now = app.clock.now().getTime();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const referral = await publishReferralRecorded(app.store, { referredAt: at(60), ...options });
  if (options.handOffAgency !== undefined)
    await publishReferralHandedOff(app.store, referral, options.handOffAgency, at(50));
  await publishReferralAccepted(app.store, referral, at(20));
  const caseId = caseIdFor(referral.referralId);
  await eventually(
    async () =>
      (await app.db.query(`SELECT 1 FROM "${app.schema}".participant_cases WHERE case_id = $1`, [caseId])).rowCount,
    (found) => found === 1,
    `case ${caseId} to open`,
  );
  return Object.assign(referral, { caseId });
}

/** The integration events published on `lead.cases.v1` so far. */
export async function publishedCaseEvents(app: ServiceApp): Promise<IntegrationEvent[]> {
  const events = await app.store.readStream(topicStream(TOPICS.cases)).catch(() => []);
  return events.map((event) => decodeIntegrationEvent(receivedMessage(event)));
}
