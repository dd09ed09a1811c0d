import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, isolatedSchema, recomputeChainInSql, type IsolatedSchema } from '@lead/testing';
import {
  findAllBreaks,
  formatPosition,
  keyRingFromPems,
  loadCheckpointSigner,
  postgresStreamIndex,
  readCheckpointDirectory,
  signedStatementOf,
  takeCheckpoint,
  verifyAgainstCheckpoints,
  writeCheckpointFile,
  PostgresEventStore,
  PostgresStreamPurge,
  DelegatingEventStore,
  type Checkpoint,
  type RecordedEvent,
} from '../src/index.js';
import { anEvent, newStreamId } from './event-store.contract.js';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

describe('Tamper evidence: every break, and signed checkpoints outside the database', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let dir: string;
  const key = keyPair();
  const signer = loadCheckpointSigner({ pem: key.privatePem });
  const ring = keyRingFromPems({ [signer.keyId]: key.publicPem });
  let streams: string[];

  beforeEach(async () => {
    db = await isolatedSchema('tamperev');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    dir = await mkdtemp(path.join(tmpdir(), 'lead-checkpoints-'));
    streams = [newStreamId('alpha'), newStreamId('beta'), newStreamId('gamma')];
    // Interleaved, so each stream's events are spread over $all.
    for (let i = 0; i < 4; i++)
      for (const s of streams) await store.appendToStream(s, [anEvent('Step', { i })], i === 0 ? 'no_stream' : i - 1);
    // Every case walks $all: wait until it shows all twelve (another file's open transaction may hold the xid fence).
    await eventually(
      () => store.readAll({ maxCount: 100 }),
      (page) => page.length === 12,
      'the twelve events in $all',
    );
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const sql = (text: string, params: unknown[] = []) => db.pool.query(text.replaceAll('$S', `"${db.schema}"`), params);
  const eventAt = async (streamId: string, revision: number): Promise<RecordedEvent> =>
    (await store.readStream(streamId, { fromRevision: revision, maxCount: 1 }))[0];
  const index = () => postgresStreamIndex(db.pool, db.schema);

  async function checkpointToDisk(): Promise<Checkpoint[]> {
    // Every committed event, not what $all shows while another test's transaction holds the xid fence: a checkpoint
    // of fewer events would not cover the one a case then deletes or edits.
    const committed = Number((await sql(`SELECT count(*) AS n FROM $S.events`)).rows[0].n);
    const checkpoint = await eventually(
      () => takeCheckpoint(store, { storeId: 'test-store', signer }),
      (taken) => taken.eventCount === committed,
      'a checkpoint of every committed event',
    );
    await writeCheckpointFile(dir, checkpoint);
    const { checkpoints, unreadable } = await readCheckpointDirectory(dir);
    expect(unreadable).toEqual([]);
    // Files written with their heads read back with them.
    return checkpoints as Checkpoint[];
  }

  const editData = (streamId: string, revision: number) =>
    sql(`UPDATE $S.events SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = $1 AND stream_revision = $2`, [
      streamId,
      revision,
    ]);

  /** What a writer with database access and the (public) hashing rule does: recompute the chain and the head. */
  const recomputeChain = (streamId: string) => recomputeChainInSql(db.pool, db.schema, store, streamId);

  it('a clean store has no findings, and its checkpoint verifies', async () => {
    const checkpoints = await checkpointToDisk();
    expect(checkpoints[0]).toMatchObject({
      storeId: 'test-store',
      eventCount: 12,
      streamCount: 3,
      keyId: signer.keyId,
    });
    expect(await findAllBreaks(store, { streamIndex: index() })).toMatchObject({
      ok: true,
      eventsChecked: 12,
      findings: [],
    });
    // A later append extends the checkpoint, which is not a finding.
    await store.appendToStream(streams[0], [anEvent()], 3);
    expect(await verifyAgainstCheckpoints(store, checkpoints, ring, { storeId: 'test-store' })).toMatchObject({
      ok: true,
      findings: [],
    });
  });

  it('(a) a naive SQL edit of an event: its hash no longer matches, at exactly that event', async () => {
    const checkpoints = await checkpointToDisk();
    const target = await eventAt(streams[1], 2);
    await editData(streams[1], 2);
    const expected = {
      streamId: streams[1],
      revision: 2,
      eventId: target.eventId,
      position: formatPosition(target.position),
    };
    const report = await findAllBreaks(store, { streamIndex: index() });
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'hash-mismatch', ...expected })]);
    const against = await verifyAgainstCheckpoints(store, checkpoints, ring);
    // The hash is unchanged (only the data), so the checkpoint comparison alone does not see it: the chain check does.
    expect(against.ok).toBe(true);
  });

  it('(b) the edit with the chain and streams.last_hash recomputed fools verifyStream, not the checkpoint', async () => {
    const checkpoints = await checkpointToDisk();
    const target = await eventAt(streams[1], 1);
    await editData(streams[1], 1);
    await recomputeChain(streams[1]);
    expect(await store.verifyStream(streams[1])).toMatchObject({ ok: true });
    expect(await store.verifyAll()).toMatchObject({ ok: true });
    expect((await findAllBreaks(store, { streamIndex: index() })).ok).toBe(true);

    const result = await verifyAgainstCheckpoints(store, checkpoints, ring);
    expect(result.ok).toBe(false);
    const changed = result.findings.filter((f) => f.kind === 'event-changed');
    expect(changed).toEqual([
      expect.objectContaining({
        checkpointId: checkpoints[0].id,
        streamId: streams[1],
        revision: 1,
        eventId: target.eventId,
        position: formatPosition(target.position),
      }),
    ]);
    expect(changed[0].detail).toMatch(/2 later revision\(s\)/);
    expect(result.findings.map((f) => f.kind).sort()).toEqual(['all-mismatch', 'event-changed']);
  });

  it('(c) a deleted newest event of a stream: the index disagrees, and the checkpoint names the event', async () => {
    const checkpoints = await checkpointToDisk();
    const newest = await eventAt(streams[0], 3);
    await sql(`DELETE FROM $S.events WHERE stream_id = $1 AND stream_revision = 3`, [streams[0]]);
    const report = await findAllBreaks(store, { streamIndex: index() });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'head-mismatch', streamId: streams[0], revision: 2 }),
    ]);

    // Even with the index put back in line, the checkpoint still knows the event.
    const previous = await eventAt(streams[0], 2);
    await sql(`UPDATE $S.streams SET revision = 2, last_hash = $2 WHERE stream_id = $1`, [streams[0], previous.hash]);
    expect((await findAllBreaks(store, { streamIndex: index() })).ok).toBe(true);
    const result = await verifyAgainstCheckpoints(store, checkpoints, ring);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        kind: 'event-missing',
        streamId: streams[0],
        revision: 3,
        toRevision: 3,
        eventId: newest.eventId,
        position: formatPosition(newest.position),
      }),
    );
  });

  it('(d) a truncated $all (the highest global positions deleted) is found against the checkpoint', async () => {
    const checkpoints = await checkpointToDisk();
    const { rows } = await sql(
      `SELECT stream_id, stream_revision::int AS revision, event_id FROM $S.events ORDER BY transaction_id DESC, global_position DESC LIMIT 2`,
    );
    await sql(`DELETE FROM $S.events WHERE event_id = ANY($1::uuid[])`, [rows.map((r) => r.event_id)]);
    // The rewriter tidies the index too, so that the chains alone look whole.
    for (const r of rows) {
      const previous = await eventAt(r.stream_id, r.revision - 1);
      await sql(`UPDATE $S.streams SET revision = $2, last_hash = $3 WHERE stream_id = $1`, [
        r.stream_id,
        r.revision - 1,
        previous.hash,
      ]);
    }
    expect((await findAllBreaks(store, { streamIndex: index() })).ok).toBe(true);

    const result = await verifyAgainstCheckpoints(store, checkpoints, ring);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ kind: 'all-truncated', position: checkpoints[0].lastGlobalPosition }),
    );
    for (const r of rows)
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          kind: 'event-missing',
          streamId: r.stream_id,
          revision: r.revision,
          eventId: r.event_id,
        }),
      );
  });

  it('(e) a forged checkpoint (wrong key, edited field, edited heads) is refused, not measured against', async () => {
    const [genuine] = await checkpointToDisk();
    const forger = loadCheckpointSigner({ pem: keyPair().privatePem });
    const byForger = await takeCheckpoint(store, { storeId: 'test-store', signer: forger });
    const edited: Checkpoint = { ...genuine, eventCount: 11 };
    const editedHeads: Checkpoint = { ...genuine, heads: genuine.heads.map((h) => ({ ...h, revision: 9 })) };
    const otherStore = await takeCheckpoint(store, { storeId: 'other-store', signer });
    const result = await verifyAgainstCheckpoints(store, [byForger, edited, editedHeads, otherStore], ring, {
      storeId: 'test-store',
    });
    expect(result).toMatchObject({ ok: false, checkpointsRefused: 4 });
    expect(result.findings.map((f) => [f.kind, f.checkpointId])).toEqual([
      ['checkpoint-refused', byForger.id],
      ['checkpoint-refused', genuine.id],
      ['checkpoint-refused', genuine.id],
      ['checkpoint-refused', otherStore.id],
    ]);
    expect(result.findings.map((f) => f.detail)).toEqual([
      expect.stringMatching(/not in the key ring/),
      expect.stringMatching(/forged or edited/),
      expect.stringMatching(/Merkle root/),
      expect.stringMatching(/other-store/),
    ]);
  });

  it('(f) after key rotation, checkpoints of the old key still verify with a ring holding both', async () => {
    const [before] = await checkpointToDisk();
    const next = keyPair();
    const newSigner = loadCheckpointSigner({ pem: next.privatePem });
    await store.appendToStream(streams[2], [anEvent()], 3);
    const after = await takeCheckpoint(store, { storeId: 'test-store', signer: newSigner });
    await writeCheckpointFile(dir, after);
    const { checkpoints } = await readCheckpointDirectory(dir);
    expect(checkpoints.map((c) => c.keyId)).toEqual([signer.keyId, newSigner.keyId]);
    const both = keyRingFromPems({ [signer.keyId]: key.publicPem, [newSigner.keyId]: next.publicPem });
    expect(await verifyAgainstCheckpoints(store, checkpoints, both)).toMatchObject({ ok: true, checkpointsChecked: 2 });
    // Without the retired key, its checkpoint can no longer be trusted: refused, not silently skipped.
    const onlyNew = keyRingFromPems({ [newSigner.keyId]: next.publicPem });
    expect((await verifyAgainstCheckpoints(store, checkpoints, onlyNew)).findings).toEqual([
      expect.objectContaining({ kind: 'checkpoint-refused', checkpointId: before.id }),
    ]);
  });

  it('(g) every break is reported, not just the first: two streams broken, two findings', async () => {
    const checkpoints = await checkpointToDisk();
    const a = await eventAt(streams[0], 1);
    const c = await eventAt(streams[2], 3);
    await editData(streams[0], 1);
    await editData(streams[2], 3);
    expect(await store.verifyAll()).toMatchObject({ ok: false, streamId: streams[0] });
    const report = await findAllBreaks(store, { streamIndex: index() });
    expect(report.findings.map((f) => [f.kind, f.streamId, f.revision, f.eventId, f.position])).toEqual([
      ['hash-mismatch', streams[0], 1, a.eventId, formatPosition(a.position)],
      ['hash-mismatch', streams[2], 3, c.eventId, formatPosition(c.position)],
    ]);

    // The same two, chains recomputed: two streams named against the checkpoint.
    await recomputeChain(streams[0]);
    await recomputeChain(streams[2]);
    expect((await findAllBreaks(store, { streamIndex: index() })).ok).toBe(true);
    const result = await verifyAgainstCheckpoints(store, checkpoints, ring);
    expect(
      result.findings.filter((f) => f.kind === 'event-changed').map((f) => [f.streamId, f.revision, f.eventId]),
    ).toEqual(
      expect.arrayContaining([
        [streams[0], 1, a.eventId],
        [streams[2], 3, c.eventId],
      ]),
    );
    expect(result.findings.filter((f) => f.kind === 'event-changed')).toHaveLength(2);
  });

  it('refuses to sign a store whose chains are already broken', async () => {
    await editData(streams[0], 0);
    await expect(takeCheckpoint(store, { storeId: 'test-store', signer })).rejects.toThrow(/Not checkpointing/);
  });

  it('(h) a purged blind index leaves a checkpoint that left it out whole, and its name is in no checkpoint file', async () => {
    const index = `idxmatch-${newStreamId('handle')}`;
    await store.appendToStream(index, [anEvent('Claimed', { participantId: 'p-1' })], 'no_stream');
    await store.appendToStream(streams[0], [anEvent('Step', { i: 4 })], 3);
    const checkpoint = await eventually(
      () => takeCheckpoint(store, { storeId: 'test-store', signer, excludedPrefixes: ['idxmatch-'] }),
      (taken) => taken.eventCount === 13,
      'a checkpoint past the xid fence',
    );
    const file = await writeCheckpointFile(dir, checkpoint);
    expect(await readFile(file, 'utf8')).not.toContain(index);
    expect(checkpoint).toMatchObject({ excludedPrefixes: ['idxmatch-'], streamCount: 3, eventCount: 13 });

    await new PostgresStreamPurge({ pool: db.pool, schema: db.schema, purgeablePrefixes: ['idxmatch-'] }).purge(index);
    const { checkpoints } = await readCheckpointDirectory(dir);
    expect(await verifyAgainstCheckpoints(store, checkpoints, ring, { storeId: 'test-store' })).toMatchObject({
      ok: true,
      findings: [],
    });
    expect((await findAllBreaks(store, { streamIndex: postgresStreamIndex(db.pool, db.schema) })).findings).toEqual([]);
    // A checkpoint that did not leave it out reports the purge: the exclusion is what makes a purge legitimate.
    const whole = await takeCheckpoint(store, { storeId: 'test-store', signer });
    await store.appendToStream(index, [anEvent('Claimed', { participantId: 'p-2' })], 'no_stream');
    const withIndex = await eventually(
      () => takeCheckpoint(store, { storeId: 'test-store', signer }),
      (taken) => taken.heads.some((head) => head.streamId === index),
      'a checkpoint with the index stream (past the xid fence)',
    );
    await new PostgresStreamPurge({ pool: db.pool, schema: db.schema, purgeablePrefixes: ['idxmatch-'] }).purge(index);
    expect((await verifyAgainstCheckpoints(store, [whole], ring)).ok).toBe(true);
    const kinds = (await verifyAgainstCheckpoints(store, [withIndex], ring)).findings.map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['event-missing']));
  });

  it('(i) excluded prefixes are signed: a checkpoint whose list was edited is refused', async () => {
    const checkpoint = await takeCheckpoint(store, { storeId: 'test-store', signer, excludedPrefixes: ['idxmatch-'] });
    const widened = { ...checkpoint, excludedPrefixes: ['idxmatch-', 'alpha-'] };
    expect((await verifyAgainstCheckpoints(store, [widened], ring)).findings.map((f) => f.kind)).toEqual([
      'checkpoint-refused',
    ]);
  });

  it('(j) appends during an audit are not breaks: an index read ahead of the walk, with the stream moved on since', async () => {
    const busy = streams[0];
    // What the fence or a concurrent append gives: $all (the walk) one event behind the index, the stream one ahead.
    const headBefore = await eventAt(busy, 3);
    await store.appendToStream(busy, [anEvent('Step', { i: 4 })], 3);
    const indexed = await eventAt(busy, 4);
    await store.appendToStream(busy, [anEvent('Step', { i: 5 })], 4);
    class WalkBehind extends DelegatingEventStore {
      override async readAll(options?: Parameters<PostgresEventStore['readAll']>[0]) {
        const page = await this.store.readAll(options);
        return page.filter((e) => e.streamId !== busy || e.streamRevision <= headBefore.streamRevision);
      }
    }
    const real = postgresStreamIndex(db.pool, db.schema);
    const index = {
      hasEvents: (streamId: string) => real.hasEvents(streamId),
      async *heads() {
        for await (const row of postgresStreamIndex(db.pool, db.schema).heads())
          yield row.streamId === busy ? { streamId: busy, revision: 4, lastHash: indexed.hash } : row;
      },
    };
    expect((await findAllBreaks(new WalkBehind(store), { streamIndex: index })).findings).toEqual([]);
    // An index that names a hash the stream does not have at that revision is still a break.
    const forged = {
      hasEvents: (streamId: string) => real.hasEvents(streamId),
      async *heads() {
        for await (const row of postgresStreamIndex(db.pool, db.schema).heads())
          yield row.streamId === busy ? { streamId: busy, revision: 4, lastHash: 'f'.repeat(64) } : row;
      },
    };
    const found = await findAllBreaks(new WalkBehind(store), { streamIndex: forged });
    expect(found.findings.map((f) => [f.kind, f.streamId])).toEqual([['head-mismatch', busy]]);
  });

  it('(k) a stream index row deleted from under stored events is a break, a stream purged whole is not', async () => {
    await sql(`DELETE FROM $S.streams WHERE stream_id = $1`, [streams[1]]);
    const report = await findAllBreaks(store, { streamIndex: index() });
    expect(report.findings.map((f) => [f.kind, f.streamId])).toEqual([['head-mismatch', streams[1]]]);
    await new PostgresStreamPurge({ pool: db.pool, schema: db.schema, purgeablePrefixes: ['gamma-'] }).purge(
      streams[2],
    );
    const afterPurge = await findAllBreaks(store, { streamIndex: index() });
    expect(afterPurge.findings.map((f) => f.streamId)).toEqual([streams[1]]);
  });

  it('(l) a statement kept without its heads (the bus copy) detects the rewrite, the deleted event and the truncation', async () => {
    const [checkpoint] = await checkpointToDisk();
    const statement = signedStatementOf(checkpoint);
    expect(statement).not.toHaveProperty('heads');
    // Kept as a file beside nothing else, it reads back as a statement and verifies against the clean store.
    const kept = await mkdtemp(path.join(tmpdir(), 'lead-statements-'));
    try {
      await writeCheckpointFile(kept, statement);
      const {
        checkpoints: [read],
      } = await readCheckpointDirectory(kept);
      expect(read).toEqual(statement);
      expect(await verifyAgainstCheckpoints(store, [read!], ring, { storeId: 'test-store' })).toMatchObject({
        ok: true,
        checkpointsRefused: 0,
      });
    } finally {
      await rm(kept, { recursive: true, force: true });
    }
    // A statement with an edited field fails its signature.
    expect((await verifyAgainstCheckpoints(store, [{ ...statement, eventCount: 11 }], ring)).findings).toEqual([
      expect.objectContaining({ kind: 'checkpoint-refused', checkpointId: statement.id }),
    ]);

    // The rewrite with the chain recomputed: the digest and the heads' root both differ, at the checkpoint's position.
    await editData(streams[1], 1);
    await recomputeChain(streams[1]);
    const rewritten = await verifyAgainstCheckpoints(store, [statement], ring);
    expect(rewritten.findings.map((f) => [f.kind, f.position])).toEqual([
      ['all-mismatch', statement.lastGlobalPosition],
      ['all-mismatch', statement.lastGlobalPosition],
    ]);
    expect(rewritten.findings[1].detail).toMatch(/stream heads/);

    // The newest event of $all deleted: truncated.
    const { rows } = await sql(
      `SELECT event_id FROM $S.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    await sql(`DELETE FROM $S.events WHERE event_id = $1`, [rows[0].event_id]);
    expect((await verifyAgainstCheckpoints(store, [statement], ring)).findings).toEqual([
      expect.objectContaining({ kind: 'all-truncated', position: statement.lastGlobalPosition }),
    ]);
  });
});
