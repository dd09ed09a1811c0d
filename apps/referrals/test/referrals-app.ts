import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessSettings, TokenSigner, type Role } from '@lead/access';
import type { EventStore } from '@lead/event-store';
import { configureServiceApp, EVENT_STORE, loadConfig, SERVICE_APP_OPTIONS } from '@lead/platform';
import { testDatabaseUrl } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ReferralsModule } from '../src/referrals.module.js';

/** The agency each role's test tokens act for (Denver's, from config/jurisdictions/denver). */
export const AGENCY_OF: Record<Role, string> = {
  officer: 'DPD',
  case_manager: 'ARTS',
  prosecutor: 'DDA',
  program_admin: 'OBHS',
  evaluator: 'EVAL-U',
  auditor: 'AUDIT',
  integrator: 'DATA-WH',
};

export interface ReferralsApp {
  app: INestApplication;
  url: string;
  store: EventStore;
  /** A pool on the test database, for queries of the event store's own tables. */
  db: pg.Pool;
  eventStoreSchema: string;
  signer: TokenSigner;
  settings: AccessSettings;
  token(role: Role, jurisdictions: string[], overrides?: { agency?: string; subject?: string }): Promise<string>;
  close(): Promise<void>;
}

/** The real ReferralsModule on the platform, on a random port, in schemas of its own. */
export async function startReferralsApp(extraEnv: Record<string, string> = {}): Promise<ReferralsApp> {
  const suffix = randomBytes(6).toString('hex');
  const env: Record<string, string> = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: `test_referrals_${suffix}`,
    EVENT_STORE_SCHEMA: `test_referrals_es_${suffix}`,
    KEY_STORE_SCHEMA: `test_referrals_keys_${suffix}`,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // Jest gives each file its own process.env, so this does not leak into other files.
  Object.assign(process.env, env);
  const app = await NestFactory.create(ReferralsModule, { ...SERVICE_APP_OPTIONS, logger: false });
  configureServiceApp(app);
  await app.listen(0);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const settings = loadConfig(AccessSettings, env);
  const signer = TokenSigner.development();
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  return {
    app,
    url,
    store: app.get<EventStore>(EVENT_STORE),
    db,
    eventStoreSchema: env.EVENT_STORE_SCHEMA,
    signer,
    settings,
    token: (role, jurisdictions, overrides = {}) =>
      signer.sign(
        { subject: overrides.subject ?? `${role}-1`, agency: overrides.agency ?? AGENCY_OF[role], roles: [role], jurisdictions },
        TokenSigner.optionsFor(settings),
      ),
    close: async () => {
      await app.close();
      for (const schema of [env.DATABASE_SCHEMA, env.EVENT_STORE_SCHEMA, env.KEY_STORE_SCHEMA]) {
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
      await db.end();
    },
  };
}

export interface Answer {
  status: number;
  etag: string | null;
  body: Record<string, unknown>;
}

export async function call(app: ReferralsApp, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const noScreeningConcerns = {
  drugQuantity: { form: 'powder', grams: 1 },
  deliveryForProfit: false,
  exploitingMinors: false,
  promotingProstitution: false,
  violentHistory: [],
  activeProtectiveOrder: false,
  pendingTreatmentCourtCase: false,
  amenable: true,
};

export function denverArrestDiversion(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    door: 'arrest_diversion',
    jurisdiction: 'denver',
    district: '6',
    referredAt: '2025-03-04T21:15:00.000Z',
    area: 'D6-CAPITOL-HILL',
    offense: { code: 'CO-18-18-403.5', probableCause: 'Observed holding a baggie of white powder outside 1400 Pennsylvania St' },
    person: { givenName: 'Marisol', familyName: "O'Connor-Vega", dateOfBirth: '1986-09-17', address: '1400 Pennsylvania St, Denver', phone: '720-555-0142' },
    screening: noScreeningConcerns,
    ...over,
  };
}
