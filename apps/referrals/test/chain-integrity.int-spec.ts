import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  checkpointFileName,
  keyRingFromPems,
  loadCheckpointSigner,
  readCheckpointDirectory,
  signedStatementOf,
  verifyAgainstCheckpoints,
  takeCheckpoint,
  writeCheckpointFile,
  type Checkpoint,
  type EventStore,
} from '@lead/event-store';
import { receivedMessage } from '@lead/messaging';
import {
  CHAIN_VERIFIER,
  CHECKPOINT_SCHEDULE,
  UNCHECKED_EVENT_STORE,
  type ChainVerifier,
  type CheckpointSchedule,
} from '@lead/platform';
import { eventually, recomputeChainInSql } from '@lead/testing';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

/**
 * The service under tampering (issue 16): an edit in SQL of a referral's district, with and without the chain
 * recomputed. What the service must do: find it, hold the stream (no read, no write), say so on /ready and
 * /metrics, and let go once the rows are restored.
 */
describe('a referral edited in the database is held, reported and released once restored', () => {
  let app: ReferralsApp;
  let officer: string;
  let dir: string;
  let verifier: ChainVerifier;
  let raw: EventStore;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = loadCheckpointSigner({ pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lead-chain-'));
    await mkdir(path.join(dir, 'checkpoints'));
    await mkdir(path.join(dir, 'keys'));
    await writeFile(
      path.join(dir, 'keys', 'auditor.pem'),
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    await writeFile(path.join(dir, 'signer.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    app = await startReferralsApp({
      CHAIN_FINDINGS_REFRESH_MS: '200',
      CHAIN_VERIFY_FULL_INTERVAL_MS: '0',
      AUDIT_CHECKPOINT_DIR: path.join(dir, 'checkpoints'),
      AUDIT_CHECKPOINT_KEYS_DIR: path.join(dir, 'keys'),
      EVENT_STORE_ID: 'chain-test',
      // The signer the auditor issued: a checkpoint at start, then hourly (not within this test).
      AUDIT_CHECKPOINT_SIGNING_KEY_FILE: path.join(dir, 'signer.pem'),
    });
    officer = await app.token('officer', ['denver']);
    verifier = app.app.get<ChainVerifier>(CHAIN_VERIFIER);
    raw = app.app.get<EventStore>(UNCHECKED_EVENT_STORE);
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sql = (text: string, params: unknown[] = []) =>
    app.db.query(text.replaceAll('$S', `"${app.eventStoreSchema}"`), params);
  const record = async () => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion());
    expect(answer.status).toBe(201);
    return { referralId: answer.body.referralId as string, etag: answer.etag! };
  };
  const setDistrict = (referralId: string, district: string) =>
    sql(
      `UPDATE $S.events SET data = jsonb_set(data, '{district}', to_jsonb($2::text))
        WHERE stream_id = $1 AND stream_revision = 0`,
      [`referral-${referralId}`, district],
    );
  /** What a writer with database access and the (public) hashing rule does: recompute the chain and the head. */
  const recomputeChain = (streamId: string) => recomputeChainInSql(app.db, app.eventStoreSchema, raw, streamId);
  const eventCount = async (streamId: string) =>
    Number((await sql(`SELECT count(*) AS n FROM $S.events WHERE stream_id = $1`, [streamId])).rows[0].n);
  const ready = async () =>
    (await call(app, 'GET', '/ready', '')).body as { status: string; degraded?: Record<string, unknown> };
  const openFindingsGauge = async () => {
    const text = (await fetch(`${app.url}/metrics`).then((r) => r.text())).split('\n');
    const line = text.find((l) => l.startsWith('lead_event_store_chain_open_findings'));
    return line ? Number(line.split(' ').pop()) : undefined;
  };
  const offer = (referralId: string, etag: string) =>
    call(
      app,
      'POST',
      `/v1/referrals/${referralId}/offer-answer`,
      officer,
      { accepted: true, at: '2025-03-04T21:20:00Z' },
      { 'if-match': etag },
    );

  it('signs a checkpoint at start with the key the auditor issued: filed outside, its statement in the log', async () => {
    const { checkpoints } = await eventually(
      () => readCheckpointDirectory(path.join(dir, 'checkpoints')),
      (found) => found.checkpoints.length > 0,
      'the start-up checkpoint',
    );
    const [signed] = checkpoints;
    expect(signed).toMatchObject({
      storeId: 'chain-test',
      keyId: signer.keyId,
      excludedPrefixes: ['participantmatch-'],
    });
    const ring = keyRingFromPems({ [signer.keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    expect(await verifyAgainstCheckpoints(raw, [signed!], ring, { storeId: 'chain-test' })).toMatchObject({ ok: true });
    // Filed first, then recorded: the record may follow the file by a moment.
    const [recorded] = await eventually(
      () => raw.readStream('auditcheckpoint-chain-test').catch(() => []),
      (events) => events.length > 0,
      'the CheckpointSigned record',
    );
    expect(recorded).toMatchObject({
      eventId: signed!.id,
      type: 'CheckpointSigned',
      data: { merkleRoot: signed!.merkleRoot, allDigest: signed!.allDigest, signature: signed!.signature },
    });
    // The statement alone, without the heads (they name streams), as integrators reading the log get it.
    expect((recorded!.data as Record<string, unknown>).heads).toBeUndefined();
    // And relayed to lead.audit.v1 (here the embedded bus's topic log), keyed by the store, for keepers.
    const published = await eventually(
      async () => (await raw.readStream('topic-lead.audit.v1').catch(() => [])).map(receivedMessage),
      (messages) => messages.some((m) => m.headers.ce_id === signed!.id),
      'the checkpoint on lead.audit.v1',
    );
    const message = published.find((m) => m.headers.ce_id === signed!.id)!;
    expect(message.key).toBe('chain-test');
    expect(JSON.parse(message.value.toString('utf8'))).toEqual(signedStatementOf(signed as Checkpoint));
  });

  it('records, at the next lease, a checkpoint filed just before a crash, once; never a file of another key', async () => {
    const schedule = app.app.get<CheckpointSchedule>(CHECKPOINT_SCHEDULE);
    const records = async (id: string) =>
      (await raw.readStream('auditcheckpoint-chain-test')).filter((event) => event.eventId === id).length;
    // Filed, then the process died before the record (the schedule files first).
    const filed = await takeCheckpoint(raw, { storeId: 'chain-test', signer, excludedPrefixes: ['participantmatch-'] });
    await writeCheckpointFile(path.join(dir, 'checkpoints'), filed);
    expect(await records(filed.id)).toBe(0);
    await schedule.recordNewestFiled();
    await schedule.recordNewestFiled();
    expect(await records(filed.id)).toBe(1);
    // A file signed by someone else's key is no checkpoint of this signer's.
    const stranger = loadCheckpointSigner({
      pem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const foreign = await takeCheckpoint(raw, { storeId: 'chain-test', signer: stranger });
    await writeCheckpointFile(path.join(dir, 'checkpoints'), foreign);
    await schedule.recordNewestFiled();
    expect(await records(foreign.id)).toBe(0);
    await rm(path.join(dir, 'checkpoints', checkpointFileName(foreign)));
  });

  it('an edit that leaves the chain as it was: refused at the next read, held, degraded, released once restored', async () => {
    const edited = await record();
    const other = await record();
    expect((await call(app, 'GET', `/v1/referrals/${edited.referralId}`, officer)).body.district).toBe('6');
    expect((await ready()).status).toBe('ok');

    await setDistrict(edited.referralId, '7');

    const held = await call(app, 'GET', `/v1/referrals/${edited.referralId}`, officer);
    expect(held.status).toBe(503);
    expect(held.headers.get('content-type')).toContain('application/problem+json');
    expect(held.body).toMatchObject({ type: 'urn:lead:problem:integrity-hold', findings: ['hash-mismatch'] });
    expect(JSON.stringify(held.body)).not.toContain('referral-'); // the stream's name is not echoed
    // Another jurisdiction's caller is not told that the record exists, let alone that it is held: the answer of a
    // referral that does not exist, for the read and for a write.
    const foreign = await app.token('officer', ['seattle-king-county']);
    const missing = await call(app, 'GET', `/v1/referrals/${randomUUID()}`, foreign);
    const foreignRead = await call(app, 'GET', `/v1/referrals/${edited.referralId}`, foreign);
    expect(foreignRead.status).toBe(404);
    const sameAnswer = ({ correlationId: _c, instance: _i, ...rest }: Record<string, unknown>) => rest;
    expect(sameAnswer(foreignRead.body)).toEqual(sameAnswer(missing.body));
    const foreignWrite = await call(
      app,
      'POST',
      `/v1/referrals/${edited.referralId}/offer-answer`,
      foreign,
      { accepted: true, at: '2025-03-04T21:20:00Z' },
      { 'if-match': edited.etag },
    );
    expect(foreignWrite.status).toBe(404);
    // A write is refused too, and nothing is appended after the edit.
    const before = await eventCount(`referral-${edited.referralId}`);
    expect((await offer(edited.referralId, edited.etag)).status).toBe(503);
    expect(await eventCount(`referral-${edited.referralId}`)).toBe(before);
    // Another record is served and written as before.
    expect((await call(app, 'GET', `/v1/referrals/${other.referralId}`, officer)).status).toBe(200);
    expect((await offer(other.referralId, other.etag)).status).toBe(200);

    const degraded = await eventually(ready, (body) => body.status === 'degraded', 'readiness degraded');
    expect(JSON.stringify(degraded.degraded?.['event-store-chain'])).toContain('hash-mismatch');
    expect(JSON.stringify(degraded)).not.toContain(edited.referralId); // /ready is not authenticated
    await eventually(openFindingsGauge, (value) => value === 1, 'the open findings gauge at 1');

    // The rows restored (from a backup, say): the next full pass no longer finds it, and the stream is released.
    await setDistrict(edited.referralId, '6');
    await verifier.fullPass();
    await eventually(ready, (body) => body.status === 'ok', 'readiness ok again');
    expect((await call(app, 'GET', `/v1/referrals/${edited.referralId}`, officer)).status).toBe(200);
    expect((await offer(edited.referralId, edited.etag)).status).toBe(200);
    await eventually(openFindingsGauge, (value) => value === 0, 'the open findings gauge at 0');
    // The finding stays on record, resolved.
    const { rows } = await sql(`SELECT kind, resolved_at FROM $S.chain_findings WHERE stream_id = $1`, [
      `referral-${edited.referralId}`,
    ]);
    expect(rows).toEqual([{ kind: 'hash-mismatch', resolved_at: expect.any(Date) }]);
  });

  it('an edit with the chain recomputed reads clean, and is found against the auditor’s checkpoint', async () => {
    const rewritten = await record();
    // Once $all shows the referral (another file's open transaction may hold the xid fence a moment).
    const covering = await eventually(
      () => takeCheckpoint(raw, { storeId: 'chain-test', signer, excludedPrefixes: ['participantmatch-'] }),
      (taken) => taken.heads.some((head) => head.streamId === `referral-${rewritten.referralId}`),
      'a checkpoint covering the referral',
    );
    await writeCheckpointFile(path.join(dir, 'checkpoints'), covering);
    await setDistrict(rewritten.referralId, '7');
    await recomputeChain(`referral-${rewritten.referralId}`);
    // The chain is consistent again: a read cannot tell.
    expect((await call(app, 'GET', `/v1/referrals/${rewritten.referralId}`, officer)).body.district).toBe('7');

    await verifier.fullPass();
    await eventually(
      () => call(app, 'GET', `/v1/referrals/${rewritten.referralId}`, officer),
      (answer) => answer.status === 503,
      'the rewritten referral held',
    );
    const body = await eventually(ready, (b) => b.status === 'degraded', 'readiness degraded');
    expect(JSON.stringify(body.degraded?.['event-store-chain'])).toContain('event-changed');
    expect((await offer(rewritten.referralId, rewritten.etag)).status).toBe(503);

    // The deployment's signer does not anchor the rewrite: nothing is signed while it stands.
    const files = (await readCheckpointDirectory(path.join(dir, 'checkpoints'))).checkpoints.length;
    expect(await app.app.get<CheckpointSchedule>(CHECKPOINT_SCHEDULE).takeNow()).toBeUndefined();
    expect((await readCheckpointDirectory(path.join(dir, 'checkpoints'))).checkpoints).toHaveLength(files);
    // Another full pass finds it again (the checkpoint that found it is measured again, however many come later).
    await verifier.fullPass();
    expect((await call(app, 'GET', `/v1/referrals/${rewritten.referralId}`, officer)).status).toBe(503);
  });
});
