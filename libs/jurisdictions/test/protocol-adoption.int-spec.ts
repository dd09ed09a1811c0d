import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson,
  PostgresEventStore,
  StreamNotFound,
  type EventStore,
  type RecordedEvent,
} from '@lead/event-store';
import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import {
  JurisdictionRegistry,
  PROTOCOL_VERSION_ADOPTED,
  ProtocolAdoptionRefused,
  protocolContentHash,
  protocolStream,
  recordProtocolAdoptions,
  systemActor,
  type Protocol,
  type ProtocolVersionAdopted,
} from '../src/index.js';

const SHIPPED = join(process.cwd(), 'config');
const actor = systemActor('referrals');

type ProtocolFile = Protocol & Record<string, unknown>;

function fileOf(dir: string, jurisdiction: string, version: string): string {
  return join(dir, 'jurisdictions', jurisdiction, `${version}.json`);
}

function edit(dir: string, jurisdiction: string, version: string, change: (json: ProtocolFile) => void): string {
  const file = fileOf(dir, jurisdiction, version);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

/** A new version file: a copy of `from` with the version, date and changes given. */
function addVersion(
  dir: string,
  jurisdiction: string,
  from: string,
  version: string,
  effectiveFrom: string,
  change: (json: ProtocolFile) => void = () => {},
): string {
  const json = JSON.parse(readFileSync(fileOf(dir, jurisdiction, from), 'utf8'));
  Object.assign(json, { version, effectiveFrom, adoptedOn: effectiveFrom });
  change(json);
  const file = fileOf(dir, jurisdiction, version);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

async function adoptions(store: EventStore, jurisdiction: string): Promise<RecordedEvent<ProtocolVersionAdopted>[]> {
  try {
    return (await store.readStream(protocolStream(jurisdiction))) as RecordedEvent<ProtocolVersionAdopted>[];
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}

/** Every protocol stream's event ids: what a start that records nothing leaves as it was. */
async function recorded(store: EventStore): Promise<Record<string, string[]>> {
  const jurisdictions = JurisdictionRegistry.load(SHIPPED).jurisdictions();
  return Object.fromEntries(
    await Promise.all(jurisdictions.map(async (j) => [j, (await adoptions(store, j)).map((e) => e.eventId)] as const)),
  );
}

async function refusal(started: Promise<unknown>): Promise<ProtocolAdoptionRefused> {
  const error = await started.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProtocolAdoptionRefused);
  return error as ProtocolAdoptionRefused;
}

describe('recording protocol adoptions when a screening service starts', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let dir: string;
  /** More stores on the same schema: other instances of the service. */
  const others: PostgresEventStore[] = [];

  beforeEach(async () => {
    db = await isolatedSchema('protocols');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    dir = mkdtempSync(join(tmpdir(), 'lead-config-'));
    cpSync(SHIPPED, dir, { recursive: true });
  });
  afterEach(async () => {
    for (const s of others.splice(0)) await s.close();
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const anotherInstance = async () => {
    const s = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    others.push(s);
    return s;
  };
  const start = (s: EventStore = store, registry = JurisdictionRegistry.load(dir)) =>
    recordProtocolAdoptions(s, registry, { actor });

  it('records every shipped version on the first start, each with its rules, who adopted it and when', async () => {
    const registry = JurisdictionRegistry.load(SHIPPED);
    const result = await recordProtocolAdoptions(store, registry, {
      actor,
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
    });

    const shipped = registry.jurisdictions().flatMap((j) => registry.versionsOf(j));
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    expect(result.alreadyRecorded).toBe(0);
    expect(result.adopted).toEqual(
      expect.arrayContaining(
        shipped.map((p) => ({
          jurisdiction: p.jurisdiction,
          version: p.version,
          revision: registry.versionsOf(p.jurisdiction).indexOf(p),
        })),
      ),
    );
    expect(result.adopted).toHaveLength(shipped.length);

    for (const jurisdiction of registry.jurisdictions()) {
      const events = await adoptions(store, jurisdiction);
      const versions = registry.versionsOf(jurisdiction);
      expect(events.map((e) => e.data.version)).toEqual(versions.map((p) => p.version));
      events.forEach((event, i) => {
        const protocol = versions[i];
        expect(event.type).toBe(PROTOCOL_VERSION_ADOPTED);
        expect(event.schemaVersion).toBe(1);
        expect(event.data).toEqual({
          jurisdiction,
          version: protocol.version,
          effectiveFrom: protocol.effectiveFrom,
          adoptedBy: protocol.adoptedBy,
          adoptedOn: protocol.adoptedOn,
          file: `jurisdictions/${jurisdiction}/${protocol.version}.json`,
          contentHash: protocolContentHash(protocol),
          protocol,
        });
        // An auditor can check the recorded rules against the hash with nothing but the event.
        expect(createHash('sha256').update(canonicalJson(event.data.protocol)).digest('hex')).toBe(
          event.data.contentHash,
        );
        expect(event.metadata).toEqual({
          correlationId: 'c0ffee00-0000-4000-8000-000000000001',
          actor: { subject: 'service:referrals', agency: 'system', role: 'system' },
          jurisdiction,
        });
      });
    }
    const denver = (await adoptions(store, 'denver'))[0].data;
    expect(denver).toMatchObject({
      adoptedBy: 'Denver LEAD Policy Coordinating Group',
      adoptedOn: '2018-07-01',
      effectiveFrom: '2018-07-01',
    });
    expect(denver.protocol.unpublished).toContain('adoptedOn');
  });

  it('records nothing new on the next start', async () => {
    const first = await start();
    const before = await recorded(store);
    const second = await start(await anotherInstance());
    expect(second).toEqual({ adopted: [], alreadyRecorded: first.adopted.length });
    expect(await recorded(store)).toEqual(before);
  });

  it('records each version once when several instances start together', async () => {
    const instances = [store, ...(await Promise.all([1, 2, 3, 4, 5].map(() => anotherInstance())))];
    const results = await Promise.all(instances.map((s) => start(s)));
    const registry = JurisdictionRegistry.load(dir);
    for (const jurisdiction of registry.jurisdictions()) {
      expect((await adoptions(store, jurisdiction)).map((e) => e.data.version)).toEqual(
        registry.versionsOf(jurisdiction).map((p) => p.version),
      );
    }
    const versions = registry.jurisdictions().flatMap((j) => registry.versionsOf(j)).length;
    for (const result of results) expect(result.adopted.length + result.alreadyRecorded).toBe(versions);
  });

  it('records a version once when instances start together with a new version file', async () => {
    await start();
    addVersion(dir, 'denver', '2026-12', '2027-01', '2027-01-01', (j) => (j.intakeDeadlineDays = 45));
    const instances = [store, ...(await Promise.all([1, 2, 3].map(() => anotherInstance())))];
    await Promise.all(instances.map((s) => start(s)));
    expect((await adoptions(store, 'denver')).map((e) => [e.streamRevision, e.data.version])).toEqual([
      [0, '2018-07'],
      [1, '2026-12'],
      [2, '2027-01'],
    ]);
  });

  it('looks again when another instance recorded part of what it was about to (a rolling deploy adding two versions)', async () => {
    const shipped = (await start()).adopted.length;
    addVersion(dir, 'denver', '2026-12', '2027-01', '2027-01-01');
    const older = JurisdictionRegistry.load(dir);
    addVersion(dir, 'denver', '2026-12', '2028-01', '2028-01-01', (j) => (j.handOffTargetMinutes = 20));
    const other = await anotherInstance();
    // The older instance records 2021-01 between this one's read of the stream and its append.
    let raced = false;
    const racing = new Proxy(store, {
      get(target, property) {
        if (property === 'appendToStream') {
          return async (...args: Parameters<EventStore['appendToStream']>) => {
            if (!raced) {
              raced = true;
              expect(await start(other, older)).toMatchObject({
                adopted: [{ jurisdiction: 'denver', version: '2027-01', revision: 2 }],
              });
            }
            return target.appendToStream(...args);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(await start(racing)).toEqual({
      adopted: [{ jurisdiction: 'denver', version: '2028-01', revision: 3 }],
      alreadyRecorded: shipped + 1,
    });
    expect(raced).toBe(true);
    expect((await adoptions(store, 'denver')).map((e) => e.data.version)).toEqual([
      '2018-07',
      '2026-12',
      '2027-01',
      '2028-01',
    ]);
  });

  it('lets only one of two instances started together with different content for a version start', async () => {
    const edited = mkdtempSync(join(tmpdir(), 'lead-config-'));
    try {
      cpSync(dir, edited, { recursive: true });
      edit(edited, 'denver', '2018-07', (j) => (j.handOffTargetMinutes = 45));
      const outcomes = await Promise.allSettled([
        start(store, JurisdictionRegistry.load(dir)),
        start(await anotherInstance(), JurisdictionRegistry.load(edited)),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!.reason;
      expect(refused).toBeInstanceOf(ProtocolAdoptionRefused);
      expect((refused as ProtocolAdoptionRefused).problems).toEqual([
        expect.objectContaining({ jurisdiction: 'denver', version: '2018-07' }),
      ]);
      expect(await adoptions(store, 'denver')).toHaveLength(2);
    } finally {
      rmSync(edited, { recursive: true, force: true });
    }
  });

  it('refuses to start when an adopted version was edited, naming the file, the version and what changed, and records nothing', async () => {
    await start();
    const before = await recorded(store);
    const file = edit(dir, 'denver', '2018-07', (j) => (j.exclusions.drugQuantityGrams.powder = 6));
    // A new version elsewhere is not recorded either: a refused start writes nothing.
    addVersion(dir, 'seattle-king-county', '2026-12', '2027-01', '2027-01-01');

    const error = await refusal(start());
    expect(error.problems).toEqual([
      {
        file,
        jurisdiction: 'denver',
        version: '2018-07',
        problem: expect.stringMatching(
          /^was adopted \(protocol-denver revision 0, recorded .+\) and the file now reads differently: exclusions\.drugQuantityGrams\.powder changed \(sha256 [0-9a-f]{64} adopted, [0-9a-f]{64} now\)$/,
        ),
      },
    ]);
    expect(error.message).toContain(`- ${file}: denver version 2018-07 was adopted`);
    expect(error.message).toContain('An adopted protocol version is immutable');
    expect(await recorded(store)).toEqual(before);
    expect(before['seattle-king-county']).toHaveLength(2);
  });

  it('names every changed setting, and refuses an adopted version whose file is gone', async () => {
    await start();
    edit(dir, 'hartford-new-haven', '2019-07', (j) => {
      j.intakeDeadlineDays += 1;
      j.districts[0].name = 'Hartford (North End)';
      j.sealing.eligibleAfterDays += 30;
      j.adoptedBy = 'Someone else';
    });
    addVersion(dir, 'denver', '2026-12', '2027-01', '2027-01-01');
    rmSync(fileOf(dir, 'denver', '2018-07'));

    const error = await refusal(start());
    expect(error.problems.map((p) => [p.jurisdiction, p.version, p.file])).toEqual([
      ['denver', '2018-07', fileOf(dir, 'denver', '2018-07')],
      ['hartford-new-haven', '2019-07', fileOf(dir, 'hartford-new-haven', '2019-07')],
    ]);
    expect(error.problems[0].problem).toMatch(/its file is missing: an adopted version is never removed$/);
    expect(error.problems[1].problem).toContain(
      ': adoptedBy, districts[0].name, intakeDeadlineDays, sealing.eligibleAfterDays changed (',
    );
  });

  it('takes a reformatted file and edited notes as the same version', async () => {
    await start();
    const file = fileOf(dir, 'denver', '2018-07');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    json.notes = `${String(json.notes)} Corrected a typo.`;
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    writeFileSync(file, JSON.stringify(reordered));
    expect(await start()).toMatchObject({ adopted: [] });
  });

  it('records a new version file as a new adoption; older referrals keep the version that was in force', async () => {
    const shipped = (await start()).adopted.length;
    addVersion(dir, 'denver', '2026-12', '2027-01', '2027-01-01', (j) => {
      j.adoptedOn = '2026-12-12';
      j.exclusions.drugQuantityGrams.powder = 6;
    });
    const registry = JurisdictionRegistry.load(dir);
    expect(await recordProtocolAdoptions(store, registry, { actor })).toEqual({
      adopted: [{ jurisdiction: 'denver', version: '2027-01', revision: 2 }],
      alreadyRecorded: shipped,
    });

    const [first, current, added] = await adoptions(store, 'denver');
    expect(added.data).toMatchObject({
      version: '2027-01',
      effectiveFrom: '2027-01-01',
      adoptedOn: '2026-12-12',
      protocol: registry.version('denver', '2027-01'),
    });
    // A referral made before the new version took effect was screened under the old one, which is unchanged.
    const before = registry.protocolInForce('denver', new Date('2026-12-31T23:59:59Z'))!;
    expect(before.version).toBe('2026-12');
    expect(protocolContentHash(before)).toBe(current.data.contentHash);
    expect(before.exclusions.drugQuantityGrams.powder).toBe(3);
    expect(protocolContentHash(registry.version('denver', '2018-07')!)).toBe(first.data.contentHash);
    expect(
      registry.protocolInForce('denver', new Date('2027-01-01T00:00:00Z'))?.exclusions.drugQuantityGrams.powder,
    ).toBe(6);
  });

  it('refuses a new version that would take effect before one already adopted', async () => {
    await start();
    const file = addVersion(dir, 'denver', '2026-12', '2026-06', '2026-06-01');
    const error = await refusal(start());
    expect(error.problems).toEqual([
      {
        file,
        jurisdiction: 'denver',
        version: '2026-06',
        problem:
          'is new but takes effect on 2026-06-01, not after 2026-12 (effective 2026-12-01), the latest adopted version: versions are adopted in the order they take effect',
      },
    ]);
    expect(await adoptions(store, 'denver')).toHaveLength(2);
  });
});
