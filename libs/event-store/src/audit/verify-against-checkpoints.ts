import type { EventStore } from '../event-store.port.js';
import { comparePositions, parsePosition } from '../position.js';
import { CheckpointBuilder, excludedFromCheckpoint, type Checkpoint, type CheckpointHead } from './checkpoint.js';
import { hasHeads, type KeptCheckpoint, type SignedCheckpointStatement } from './checkpoint-record.js';
import { checkKeptCheckpoint, type KeyRing } from './checkpoint-signing.js';
import { short } from './chain-walker.js';
import type { Finding } from './findings.js';
import { readAllEvents } from './read-all-pages.js';
import { RollingDigest } from './rolling-digest.js';

export interface VerifyAgainstCheckpointsOptions {
  /** Checkpoints of another store are refused. */
  storeId?: string;
  pageSize?: number;
}

export interface CheckpointVerification {
  ok: boolean;
  checkpointsChecked: number;
  checkpointsRefused: number;
  findings: Finding[];
}

/**
 * Whether the store's current state extends every checkpoint: each checkpoint must carry a valid signature of a key
 * in the ring, and then every event it covers must still be there, unchanged, in the same global order. This is what
 * catches a writer who edited an event and recomputed the chain and `streams.last_hash`: the chain is consistent
 * again, but the head hash (and the rolling digest) no longer match what was signed outside the database.
 *
 * A statement kept without its heads (from the bus) is checked by recomputing what was signed: the `$all` digest and
 * the heads' Merkle root up to its position. That detects the same edits, deletions, insertions and truncations, and
 * names the position, not the stream: the files' heads say where.
 *
 * Port reads only (`readAll`): works the same for every adapter. One `$all` walk per checkpoint, memory one entry
 * per stream of the checkpoint.
 */
export async function verifyAgainstCheckpoints(
  store: EventStore,
  checkpoints: readonly KeptCheckpoint[],
  keyRing: KeyRing,
  options: VerifyAgainstCheckpointsOptions = {},
): Promise<CheckpointVerification> {
  const findings: Finding[] = [];
  let refused = 0;
  for (const checkpoint of checkpoints) {
    const check = checkKeptCheckpoint(checkpoint, keyRing);
    const reason = !check.ok
      ? check.reason
      : options.storeId !== undefined && checkpoint.storeId !== options.storeId
        ? `checkpoint of store ${checkpoint.storeId}, not ${options.storeId}`
        : undefined;
    if (reason) {
      // A checkpoint that cannot be trusted proves nothing: it is reported and the store is not measured against it.
      refused++;
      findings.push({ kind: 'checkpoint-refused', checkpointId: String(checkpoint.id), detail: reason });
      continue;
    }
    findings.push(
      ...(hasHeads(checkpoint)
        ? await compareWithCheckpoint(store, checkpoint, options.pageSize)
        : await compareWithStatement(store, checkpoint, options.pageSize)),
    );
  }
  return { ok: findings.length === 0, checkpointsChecked: checkpoints.length, checkpointsRefused: refused, findings };
}

interface StreamProgress {
  head: CheckpointHead;
  /** Next revision expected from `$all`. */
  next: number;
  /** The first changed event was reported; later ones of the stream are counted only (they follow from it). */
  changed?: Finding;
  laterChanged: number;
}

async function compareWithCheckpoint(store: EventStore, checkpoint: Checkpoint, pageSize?: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  const checkpointId = checkpoint.id;
  const streams = new Map<string, StreamProgress>(
    checkpoint.heads.map((head) => [head.streamId, { head, next: 0, laterChanged: 0 }]),
  );
  const last = checkpoint.lastGlobalPosition === null ? undefined : parsePosition(checkpoint.lastGlobalPosition);
  const chars = checkpoint.fingerprintChars;
  const digest = new RollingDigest();
  let reachedLast = last === undefined;
  let lastSeen: string | undefined;

  if (last !== undefined)
    for await (const event of readAllEvents(store, pageSize)) {
      const order = comparePositions(event.position, last);
      if (order > 0) break;
      if (order === 0) reachedLast = true;
      // What the checkpoint left out it does not judge: a purged blind index leaves it whole.
      if (excludedFromCheckpoint(event.streamId, checkpoint.excludedPrefixes)) continue;
      digest.add(event.hash);
      const position = `${event.position.commit}/${event.position.prepare}`;
      lastSeen = position;
      const at = {
        checkpointId,
        streamId: event.streamId,
        revision: event.streamRevision,
        eventId: event.eventId,
        position,
      };
      const progress = streams.get(event.streamId);
      if (!progress || event.streamRevision > progress.head.revision) {
        findings.push({
          ...at,
          kind: 'event-unexpected',
          detail: `not in the checkpoint, yet at or before its last position ${checkpoint.lastGlobalPosition}: inserted behind it`,
        });
        continue;
      }
      if (event.streamRevision > progress.next)
        findings.push({
          checkpointId,
          streamId: event.streamId,
          revision: progress.next,
          toRevision: event.streamRevision - 1,
          kind: 'event-missing',
          detail: `covered by the checkpoint and gone (before event ${event.eventId} at revision ${event.streamRevision})`,
        });
      progress.next = Math.max(progress.next, event.streamRevision + 1);
      const { head } = progress;
      const isHead = event.streamRevision === head.revision;
      const expected =
        chars > 0
          ? head.fingerprints.slice(event.streamRevision * chars, (event.streamRevision + 1) * chars)
          : undefined;
      const changed =
        (expected !== undefined && event.hash.slice(0, chars) !== expected) ||
        (isHead && (event.hash !== head.hash || event.eventId !== head.eventId));
      if (changed) {
        if (progress.changed) progress.laterChanged++;
        else {
          progress.changed = {
            ...at,
            kind: 'event-changed',
            detail: isHead
              ? `the stream's head hash is ${short(event.hash)}, the checkpoint signed ${short(head.hash)} (event ${head.eventId})`
              : `hash ${short(event.hash)} is not the ${short(expected ?? '')} the checkpoint recorded for this revision`,
          };
          findings.push(progress.changed);
        }
      }
    }

  for (const progress of streams.values()) {
    const { head } = progress;
    if (progress.changed && progress.laterChanged > 0)
      progress.changed.detail += `; ${progress.laterChanged} later revision(s) up to the head (${head.revision}) differ too (chain recomputed from here)`;
    if (progress.next <= head.revision)
      findings.push({
        checkpointId,
        streamId: head.streamId,
        revision: progress.next,
        toRevision: head.revision,
        // The checkpoint names the head event; a missing range reaching it is named by it.
        eventId: head.eventId,
        position: head.position,
        kind: 'event-missing',
        detail:
          progress.next === 0
            ? `the whole stream is gone; the checkpoint signed it up to revision ${head.revision} (event ${head.eventId})`
            : `revisions from ${progress.next} to the signed head ${head.revision} (event ${head.eventId} at ${head.position}) are gone`,
      });
  }

  if (!reachedLast)
    findings.push({
      checkpointId,
      kind: 'all-truncated',
      position: checkpoint.lastGlobalPosition ?? undefined,
      detail: `$all ends at ${lastSeen ?? 'nothing'} (${digest.count} events up to the checkpoint); the checkpoint signed ${checkpoint.eventCount} events up to ${checkpoint.lastGlobalPosition}`,
    });
  else if (digest.count !== checkpoint.eventCount || digest.value !== checkpoint.allDigest)
    findings.push({
      checkpointId,
      kind: 'all-mismatch',
      position: checkpoint.lastGlobalPosition ?? undefined,
      detail: `$all up to the checkpoint has ${digest.count} events, digest ${short(digest.value)}; the checkpoint signed ${checkpoint.eventCount} events, digest ${short(checkpoint.allDigest)}`,
    });
  return findings;
}

/** What the store now gives for a statement's fields, recomputed as the schedule computed them when it signed. */
async function compareWithStatement(
  store: EventStore,
  statement: SignedCheckpointStatement,
  pageSize?: number,
): Promise<Finding[]> {
  const checkpointId = statement.id;
  const at = statement.lastGlobalPosition ?? undefined;
  const last = at === undefined ? undefined : parsePosition(at);
  const builder = new CheckpointBuilder(statement.fingerprintChars, statement.excludedPrefixes ?? []);
  let reachedLast = last === undefined;
  if (last !== undefined)
    for await (const event of readAllEvents(store, pageSize)) {
      const order = comparePositions(event.position, last);
      if (order > 0) break;
      if (order === 0) reachedLast = true;
      builder.add(event);
    }
  const now = builder.finish();
  if (!reachedLast)
    return [
      {
        checkpointId,
        kind: 'all-truncated',
        position: at,
        detail: `$all ends at ${now.lastGlobalPosition ?? 'nothing'} (${now.eventCount} events up to the checkpoint); the checkpoint signed ${statement.eventCount} events up to ${at}`,
      },
    ];
  const findings: Finding[] = [];
  if (now.eventCount !== statement.eventCount || now.allDigest !== statement.allDigest)
    findings.push({
      checkpointId,
      kind: 'all-mismatch',
      position: at,
      detail: `$all up to the checkpoint has ${now.eventCount} events, digest ${short(now.allDigest)}; the checkpoint signed ${statement.eventCount} events, digest ${short(statement.allDigest)}`,
    });
  if (now.streamCount !== statement.streamCount || now.merkleRoot !== statement.merkleRoot)
    findings.push({
      checkpointId,
      kind: 'all-mismatch',
      position: at,
      detail: `the stream heads up to the checkpoint (${now.streamCount} streams) hash to ${short(now.merkleRoot)}; the checkpoint signed ${statement.streamCount} streams, root ${short(statement.merkleRoot)} (a statement kept without heads cannot say which stream: verify against the checkpoint file)`,
    });
  return findings;
}
