import { Inbox } from '../src/index.js';
import { testDatabase, type TestDatabase } from './support/test-database.js';

describe('Inbox', () => {
  let db: TestDatabase;
  let inbox: Inbox;
  const effects = async (): Promise<string[]> =>
    (await db.pool.query<{ note: string }>(`SELECT note FROM "${db.serviceSchema}".notes ORDER BY id`)).rows.map(
      (row) => row.note,
    );
  const effect = (note: string) => async (tx: { query: (text: string, values: unknown[]) => Promise<unknown> }) => {
    await tx.query(`INSERT INTO "${db.serviceSchema}".notes (note) VALUES ($1)`, [note]);
    return note;
  };

  beforeAll(async () => {
    db = await testDatabase('inbox');
    inbox = new Inbox(db.pool, db.serviceSchema);
    await db.pool.query(`CREATE TABLE "${db.serviceSchema}".notes (id bigserial PRIMARY KEY, note text NOT NULL)`);
  });
  afterAll(() => db.close());
  beforeEach(() => db.pool.query(`TRUNCATE "${db.serviceSchema}".notes, "${db.serviceSchema}".inbox`));

  it('runs the work once per group and message id; a redelivery has no effect', async () => {
    expect(await inbox.run('g', 'm-1', 't', effect('first'))).toEqual({ duplicate: false, result: 'first' });
    expect(await inbox.run('g', 'm-1', 't', effect('again'))).toEqual({ duplicate: true });
    expect(await effects()).toEqual(['first']);
    expect(await inbox.contains('g', 'm-1')).toBe(true);
  });

  it('keeps groups apart: each group handles the message once', async () => {
    await inbox.run('lead.case-management', 'm-1', 't', effect('case'));
    await inbox.run('lead.reporting', 'm-1', 't', effect('report'));
    expect(await effects()).toEqual(['case', 'report']);
  });

  it('rolls the effect and the inbox row back together when the work fails, so the retry runs it', async () => {
    await expect(
      inbox.run('g', 'm-2', 't', async (tx) => {
        await effect('half done')(tx);
        throw new Error('handler failed after writing');
      }),
    ).rejects.toThrow('handler failed after writing');
    expect(await effects()).toEqual([]);
    expect(await inbox.contains('g', 'm-2')).toBe(false);
    await inbox.run('g', 'm-2', 't', effect('retried'));
    expect(await effects()).toEqual(['retried']);
  });

  it('serialises two deliveries of one message racing on two connections: one effect', async () => {
    const slow = (note: string) => async (tx: Parameters<ReturnType<typeof effect>>[0]) => {
      await tx.query('SELECT pg_sleep(0.05)', []);
      return effect(note)(tx);
    };
    const results = await Promise.all([inbox.run('g', 'm-3', 't', slow('a')), inbox.run('g', 'm-3', 't', slow('b'))]);
    expect(results.filter((result) => result.duplicate)).toHaveLength(1);
    expect(await effects()).toHaveLength(1);
  });
});
