import { Test } from '@nestjs/testing';
import type { RecordedEvent } from '@lead/event-store';
import {
  JurisdictionRegistry,
  ProtocolAdoptionRefused,
  protocolStream,
  type ProtocolVersionAdopted,
} from '@lead/jurisdictions';
import { DATABASE_POOL } from '@lead/platform';
import { testDatabaseUrl } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ReferralsModule } from '../src/referrals.module.js';
import { startReferralsApp, type ReferralsApp } from './referrals-app.js';

const silent = { log() {}, error() {}, warn() {} };

/** The referrals service records each protocol version's adoption when it starts, and will not screen under an edited one. */
describe('protocol adoptions at the referrals service start', () => {
  let app: ReferralsApp;
  let config: string;

  beforeAll(async () => {
    config = mkdtempSync(join(tmpdir(), 'lead-config-'));
    cpSync(join(process.cwd(), 'config'), config, { recursive: true });
    app = await startReferralsApp({ JURISDICTIONS_CONFIG_DIR: config });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(config, { recursive: true, force: true });
  });

  it('has recorded every jurisdiction version as adopted, by the service', async () => {
    const registry = JurisdictionRegistry.load(config);
    expect(registry.jurisdictions()).toEqual(
      expect.arrayContaining(['denver', 'hartford-new-haven', 'san-luis-valley', 'seattle-king-county']),
    );
    for (const jurisdiction of registry.jurisdictions()) {
      const adopted = (await app.store.readStream(
        protocolStream(jurisdiction),
      )) as RecordedEvent<ProtocolVersionAdopted>[];
      expect(adopted.map((e) => e.data.version)).toEqual(registry.versionsOf(jurisdiction).map((p) => p.version));
      for (const event of adopted) {
        expect(event).toMatchObject({
          type: 'ProtocolVersionAdopted',
          data: { jurisdiction },
          metadata: { jurisdiction, actor: { subject: 'service:referrals', role: 'system' } },
        });
      }
    }
  });

  it('refuses to start when an adopted version was edited in place, naming the file and version', async () => {
    const file = join(config, 'jurisdictions', 'denver', '2018-07.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.intakeDeadlineDays = 60;
    writeFileSync(file, JSON.stringify(json, null, 2));
    const suffix = randomBytes(6).toString('hex');
    const own = [`test_referrals_${suffix}`, `test_referrals_keys_${suffix}`];
    // The same event store as the running instance, the rest of its own.
    Object.assign(process.env, {
      DATABASE_SCHEMA: own[0],
      KEY_STORE_SCHEMA: own[1],
      EVENT_STORE_SCHEMA: app.eventStoreSchema,
    });
    // A pool of the test's own, closed below: a start that fails leaves the service's pool open (in production the process exits).
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
    try {
      const started = Test.createTestingModule({ imports: [ReferralsModule] })
        .overrideProvider(DATABASE_POOL)
        .useValue(pool)
        .setLogger(silent)
        .compile();
      await expect(started).rejects.toBeInstanceOf(ProtocolAdoptionRefused);
      await expect(started).rejects.toThrow(`${file}: denver version 2018-07 was adopted (protocol-denver revision 0`);
      await expect(started).rejects.toThrow('intakeDeadlineDays changed');
    } finally {
      for (const schema of own) await app.db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
    // Nothing more than the versions the running instance recorded (2018-07, 2026-12).
    expect(await app.store.readStream(protocolStream('denver'))).toHaveLength(2);
  });
});
