import { newEventId, type EventStore, type RecordedEvent } from '@lead/event-store';
import {
  callService,
  DENVER_TEST_AGENCIES,
  eventually,
  startServiceApp,
  type Answer,
  type ServiceApp,
} from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProsecutionModule } from '../src/prosecution.module.js';

/** The agency each role's test tokens act for (Denver's, from config/jurisdictions/denver). */
export const AGENCY_OF = DENVER_TEST_AGENCIES;

export type { Answer };
export { eventually };

export interface ProsecutionApp extends ServiceApp {
  /** The service's own schema (inbox, dead letters, idempotency keys). */
  schema: string;
}

/** The real ProsecutionModule on the platform (embedded bus by default), on a random port, in schemas of its own. */
export async function startProsecutionApp(extraEnv: Record<string, string> = {}): Promise<ProsecutionApp> {
  const service = await startServiceApp(ProsecutionModule, { label: 'prosecution', env: extraEnv });
  return Object.assign(service, { schema: service.env.DATABASE_SCHEMA });
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
 * The referrals service's events, appended directly to the store in the shape that service stores them
 * (apps/referrals/src/referral/referral.events.ts; this app may not import it): the embedded bus turns them into
 * `lead.referral.*` through libs/publications' referralsPublication, exactly as it does in production.
 */

export interface TestReferral {
  referralId: string;
  participantId: string;
  jurisdiction: string;
  correlationId: string;
  /** The ids of the events appended for it, in order. */
  eventIds: string[];
}

export interface ReferralOptions {
  jurisdiction?: string;
  door?: 'arrest_diversion' | 'social_contact' | 'community';
  district?: string;
  protocolVersion?: string;
  prosecutorReviewRequired?: boolean;
  referredAt?: string;
  referrer?: { subject: string; agency: string };
  offenseCode?: string;
  /** Stored as the identity (unsealed here: a test stand-in for the sealed value); must never reach a matter. */
  person?: Record<string, string>;
  probableCause?: string;
}

const DENVER_DEFAULTS = {
  district: '6',
  protocolVersion: '2018-07',
  referrer: { subject: 'officer-17', agency: 'DPD' },
};

async function append(
  store: EventStore,
  referral: TestReferral,
  type: string,
  data: Record<string, unknown>,
  expected: number | 'no_stream',
): Promise<RecordedEvent> {
  const eventId = newEventId();
  await store.appendToStream(
    `referral-${referral.referralId}`,
    [
      {
        eventId,
        type,
        schemaVersion: 1,
        data,
        metadata: {
          correlationId: referral.correlationId,
          jurisdiction: referral.jurisdiction,
          participantId: referral.participantId,
          actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
        },
      },
    ],
    expected,
  );
  referral.eventIds.push(eventId);
  const [stored] = (await store.readStream(`referral-${referral.referralId}`)).filter((e) => e.eventId === eventId);
  return stored;
}

/** `ReferralRecorded`, as the referrals service stores it. */
export async function recordReferral(store: EventStore, options: ReferralOptions = {}): Promise<TestReferral> {
  const jurisdiction = options.jurisdiction ?? 'denver';
  const door = options.door ?? 'arrest_diversion';
  const referral: TestReferral = {
    referralId: randomUUID(),
    participantId: randomUUID(),
    jurisdiction,
    correlationId: randomUUID(),
    eventIds: [],
  };
  await append(
    store,
    referral,
    'ReferralRecorded',
    {
      type: 'ReferralRecorded',
      referralId: referral.referralId,
      participantId: referral.participantId,
      jurisdiction,
      district: options.district ?? DENVER_DEFAULTS.district,
      door,
      referredAt: options.referredAt ?? '2025-03-04T21:15:00.000Z',
      referrer: options.referrer ?? DENVER_DEFAULTS.referrer,
      offense:
        door === 'arrest_diversion'
          ? {
              code: options.offenseCode ?? 'CO-18-18-403.5',
              probableCause: { $test: options.probableCause ?? 'Observed holding a baggie of white powder' },
            }
          : null,
      identity: options.person ?? { givenName: 'Marisol', familyName: "O'Connor-Vega", dateOfBirth: '1986-09-17' },
      area: 'D6-CAPITOL-HILL',
      requirements: {
        protocolVersion: options.protocolVersion ?? DENVER_DEFAULTS.protocolVersion,
        aggrievedPartyAgreementRequired: false,
        prosecutorReviewRequired: options.prosecutorReviewRequired ?? true,
        handOffTargetMinutes: 30,
      },
    },
    'no_stream',
  );
  return referral;
}

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

/** `ReferralScreened`, as the referrals service stores it (the answers stay in that service; never in a matter). */
export async function screenReferral(
  store: EventStore,
  referral: TestReferral,
  eligible: boolean,
  protocolVersion = DENVER_DEFAULTS.protocolVersion,
): Promise<RecordedEvent> {
  return append(
    store,
    referral,
    'ReferralScreened',
    {
      type: 'ReferralScreened',
      protocolVersion,
      eligible,
      answers: { ageAtReferral: 38, drugQuantity: { form: 'powder', grams: 1 }, amenable: eligible },
      criteria: CRITERIA.map((criterion) => ({
        criterion,
        outcome: criterion === 'amenability' && !eligible ? 'exclude' : 'pass',
      })),
    },
    referral.eventIds.length - 1,
  );
}

/** `ReferralClosed`, as the referrals service stores it. */
export async function closeReferral(
  store: EventStore,
  referral: TestReferral,
  reason: string,
  at = '2025-03-04T21:30:00.000Z',
): Promise<RecordedEvent> {
  return append(
    store,
    referral,
    'ReferralClosed',
    { type: 'ReferralClosed', reason, at },
    referral.eventIds.length - 1,
  );
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
    }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
