import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedEvent } from '../event-envelope.js';
import { chainHash } from '../hash-chain.js';
import { ChainWalker } from './chain-walker.js';
import { CHECKPOINT_FORMAT, CheckpointBuilder, type Checkpoint } from './checkpoint.js';
import { readCheckpointDirectory, writeCheckpointFile } from './checkpoint-files.js';
import {
  checkCheckpoint,
  keyIdOf,
  keyRingFromPems,
  loadCheckpointSigner,
  signStatement,
} from './checkpoint-signing.js';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

let prepare = 0n;
function events(streamId: string, count: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let previousHash = '';
  for (let r = 0; r < count; r++) {
    const base = {
      eventId: `00000000-0000-7000-8000-${String(Number(++prepare)).padStart(12, '0')}`,
      type: 'Step',
      schemaVersion: 1,
      streamId,
      streamRevision: r,
      data: { r },
      metadata: { correlationId: 'c' },
    };
    const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, r));
    const hash = chainHash(previousHash, { ...base, recordedAt: recordedAt.toISOString() });
    out.push({ ...base, recordedAt, position: { commit: 1n, prepare }, previousHash, hash });
    previousHash = hash;
  }
  return out;
}

function signed(content: ReturnType<CheckpointBuilder['finish']>, pem: string, id = 'cp-1'): Checkpoint {
  const signer = loadCheckpointSigner({ pem });
  const { heads, ...rest } = content;
  const statement = {
    format: CHECKPOINT_FORMAT,
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    storeId: 'test',
    ...rest,
    keyId: signer.keyId,
  } as const;
  return { ...statement, signature: signStatement(statement, signer), heads };
}

describe('CheckpointBuilder', () => {
  it('keeps one head per stream, sorted, with a fingerprint per revision', () => {
    const builder = new CheckpointBuilder(4);
    const b = events('b-1', 3);
    const a = events('a-1', 2);
    for (const e of [b[0], a[0], b[1], a[1], b[2]]) builder.add(e);
    const content = builder.finish();
    expect(content.heads.map((h) => [h.streamId, h.revision, h.eventId])).toEqual([
      ['a-1', 1, a[1].eventId],
      ['b-1', 2, b[2].eventId],
    ]);
    expect(content.heads[1].fingerprints).toBe(b.map((e) => e.hash.slice(0, 4)).join(''));
    expect(content).toMatchObject({ eventCount: 5, streamCount: 2, lastGlobalPosition: `1/${b[2].position.prepare}` });
  });
});

describe('ChainWalker', () => {
  it('reports every break and carries on after each', () => {
    const one = events('one-1', 3);
    const two = events('two-1', 3);
    const walker = new ChainWalker();
    one[1] = { ...one[1], data: { r: 99 } };
    for (const e of [...one, two[0], two[2]]) walker.add(e);
    expect(walker.findings.map((f) => [f.kind, f.streamId, f.revision])).toEqual([
      ['hash-mismatch', 'one-1', 1],
      ['revision-gap', 'two-1', 1],
    ]);
  });
});

describe('checkpoint signatures (ed25519)', () => {
  const old = keyPair();
  const current = keyPair();
  const builder = new CheckpointBuilder();
  for (const e of events('s-1', 3)) builder.add(e);
  const content = builder.finish();

  it('verifies with the key ring and refuses an unknown key, an edited field and edited heads', () => {
    const checkpoint = signed(content, current.privatePem);
    const ring = keyRingFromPems({ [checkpoint.keyId]: current.publicPem });
    expect(checkCheckpoint(checkpoint, ring)).toEqual({ ok: true });
    expect(checkCheckpoint(checkpoint, keyRingFromPems({}))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not in the key ring/),
    });
    expect(checkCheckpoint({ ...checkpoint, eventCount: 2 }, ring)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/forged or edited/),
    });
    const heads = checkpoint.heads.map((h) => ({ ...h, hash: '0'.repeat(64) }));
    expect(checkCheckpoint({ ...checkpoint, heads }, ring)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Merkle root/),
    });
  });

  it('refuses a checkpoint signed by another key under a trusted key id', () => {
    const forger = keyPair();
    const genuine = signed(content, current.privatePem);
    const signer = { keyId: genuine.keyId, privateKey: loadCheckpointSigner({ pem: forger.privatePem }).privateKey };
    const forged = { ...genuine, eventCount: 99, signature: '' };
    forged.signature = signStatement(forged, signer);
    expect(checkCheckpoint(forged, keyRingFromPems({ [genuine.keyId]: current.publicPem }))).toMatchObject({
      ok: false,
    });
  });

  it('keeps checkpoints of a retired key verifiable when the ring holds both keys', () => {
    const before = signed(content, old.privatePem, 'cp-old');
    const after = signed(content, current.privatePem, 'cp-new');
    expect(before.keyId).not.toBe(after.keyId);
    const ring = keyRingFromPems({ [before.keyId]: old.publicPem, [after.keyId]: current.publicPem });
    expect(checkCheckpoint(before, ring)).toEqual({ ok: true });
    expect(checkCheckpoint(after, ring)).toEqual({ ok: true });
    expect(keyIdOf(ring.get(after.keyId)!)).toBe(after.keyId);
  });

  it('refuses keys that are not ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() =>
      loadCheckpointSigner({ pem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    ).toThrow(/ed25519/);
  });
});

describe('checkpoint files', () => {
  it('writes one file per checkpoint, never replaces one, and reads the directory back in order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'checkpoints-'));
    try {
      const pair = keyPair();
      const builder = new CheckpointBuilder();
      const first = signed(builder.finish(), pair.privatePem, 'a');
      const second = { ...signed(builder.finish(), pair.privatePem, 'b'), createdAt: '2026-02-01T00:00:00.000Z' };
      await writeCheckpointFile(dir, second);
      await writeCheckpointFile(dir, first);
      await expect(writeCheckpointFile(dir, first)).rejects.toThrow(/EEXIST/);
      await writeFile(path.join(dir, 'broken.json'), '{"half');
      const read = await readCheckpointDirectory(dir);
      expect(read.checkpoints.map((c) => c.id)).toEqual(['a', 'b']);
      expect(read.checkpoints[0]).toEqual(first);
      expect(read.unreadable).toHaveLength(1);
      expect((await readdir(dir)).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
