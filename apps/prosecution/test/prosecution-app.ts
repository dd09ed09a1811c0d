import type { IntegrationEvent, LatestEventData } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import {
  callService,
  DENVER_TEST_AGENCIES,
  eventually,
  publishReferralEvent,
  publishReferralRecorded,
  startServiceApp,
  type Answer,
  type ServiceApp,
  type TestReferral,
  type TestReferralOptions,
} from '@lead/testing';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@lead/scheduling';
import { ServiceClock } from '@lead/scheduling/service';
import { ProsecutionModule } from '../src/prosecution.module.js';

/** The agency each role's test tokens act for (Denver's, from config/jurisdictions/denver). */
export const AGENCY_OF = DENVER_TEST_AGENCIES;

export type { Answer };
export { eventually };

export interface ProsecutionApp extends ServiceApp {
  /** The service's own schema (inbox, dead letters, idempotency keys, timers). */
  schema: string;
  /** The service's clock (its timers' and its commands' now), moved by the test. */
  clock: ManualClock;
}

/**
 * The real ProsecutionModule on the platform (embedded bus by default), on a random port, in schemas of its own,
 * reading a `ManualClock` that starts at `now` (default: the real time).
 */
export async function startProsecutionApp(
  extraEnv: Record<string, string> = {},
  now: Date = new Date(),
): Promise<ProsecutionApp> {
  const service = await startServiceApp(ProsecutionModule, { label: 'prosecution', env: extraEnv });
  const clock = new ManualClock(now);
  service.app.get(ServiceClock).drive(clock);
  return Object.assign(service, { schema: service.env.DATABASE_SCHEMA, clock });
}

export function call(
  app: ProsecutionApp,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return callService(app.url, method, path, token, body, headers);
}

/*
 * The referrals service's published integration events, put on the embedded bus's `lead.referrals.v1` exactly as
 * that service's relay does (libs/testing's referral messages).
 */
export type { TestReferral };
export type ReferralOptions = TestReferralOptions;
const publish = publishReferralEvent;

/** `lead.referral.recorded`, as the referrals service publishes it. */
export const recordReferral = (store: EventStore, options: ReferralOptions = {}): Promise<TestReferral> =>
  publishReferralRecorded(store, options);

const DENVER_PROTOCOL = '2018-07';

const CRITERIA = [
  'divertible_offense',
  'drug_quantity',
  'delivery_for_profit',
  'exploiting_minors',
  'promoting_prostitution',
  'minimum_age',
  'violent_history',
  'active_protective_order',
  'pending_treatment_court_case',
  'amenability',
] as const;

/** `lead.referral.screened`, as the referrals service publishes it (the answers stay in that service). */
export async function screenReferral(
  store: EventStore,
  referral: TestReferral,
  eligible: boolean,
  protocolVersion = DENVER_PROTOCOL,
): Promise<IntegrationEvent> {
  return publish(store, referral, 'lead.referral.screened', {
    referralId: referral.referralId,
    protocolVersion,
    outcome: eligible ? 'eligible' : 'ineligible',
    criteria: CRITERIA.map((criterion) => ({
      criterion,
      outcome: criterion === 'amenability' && !eligible ? 'exclude' : 'pass',
    })),
  });
}

/** `lead.referral.closed`, as the referrals service publishes it. */
export async function closeReferral(
  store: EventStore,
  referral: TestReferral,
  reason: LatestEventData['lead.referral.closed']['reason'],
  at = '2025-03-04T21:30:00.000Z',
): Promise<IntegrationEvent> {
  return publish(store, referral, 'lead.referral.closed', { referralId: referral.referralId, reason, closedAt: at });
}

/**
 * A config folder: the repository's jurisdictions plus `test-no-review`, Denver's protocol under another id with
 * no prosecutor review (no shipped jurisdiction has one). Derived from Denver's file, so it follows its format.
 */
export function configWithNoReviewJurisdiction(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lead-prosecution-config-'));
  const source = join(process.cwd(), 'config');
  cpSync(join(source, 'offenses'), join(dir, 'offenses'), { recursive: true });
  cpSync(join(source, 'jurisdictions'), join(dir, 'jurisdictions'), { recursive: true });
  const denver = JSON.parse(readFileSync(join(source, 'jurisdictions', 'denver', '2018-07.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  mkdirSync(join(dir, 'jurisdictions', 'test-no-review'));
  writeFileSync(
    join(dir, 'jurisdictions', 'test-no-review', '2020-01.json'),
    JSON.stringify({
      ...denver,
      jurisdiction: 'test-no-review',
      name: 'Test jurisdiction without prosecutor review (test fixture derived from Denver)',
      version: '2020-01',
      effectiveFrom: '2020-01-01',
      ...('adoptedOn' in denver ? { adoptedOn: '2020-01-01' } : {}),
      prosecutorReviewRequired: false,
      intakeDeadlineDays: 14,
      timeZone: 'America/Denver',
    }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A config folder: the repository's jurisdictions plus `test-sealing-wait`, Denver's 2026-12 protocol under another
 * id whose decline waits `waitDays` before the arrest is sealable and whose intake awaits the prosecutor's decision
 * (no shipped protocol waits). Derived from Denver's file, so it follows its format.
 */
export function configWithSealingWait(waitDays: number): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lead-prosecution-config-'));
  const source = join(process.cwd(), 'config');
  cpSync(join(source, 'offenses'), join(dir, 'offenses'), { recursive: true });
  cpSync(join(source, 'jurisdictions'), join(dir, 'jurisdictions'), { recursive: true });
  const denver = JSON.parse(readFileSync(join(source, 'jurisdictions', 'denver', '2026-12.json'), 'utf8')) as {
    sealing: Record<string, unknown>;
  } & Record<string, unknown>;
  mkdirSync(join(dir, 'jurisdictions', 'test-sealing-wait'));
  writeFileSync(
    join(dir, 'jurisdictions', 'test-sealing-wait', '2026-12.json'),
    JSON.stringify({
      ...denver,
      jurisdiction: 'test-sealing-wait',
      name: 'Test jurisdiction whose sealing waits after the decline (test fixture derived from Denver)',
      afterIntake: 'await_prosecutor_decision',
      sealing: { ...denver.sealing, eligibleAfterDays: waitDays },
    }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
