import type { RecordedEvent } from '../event-envelope.js';
import { canonicalJson } from '../canonical-json.js';
import { formatPosition } from '../position.js';
import { merkleRoot } from './merkle.js';
import { RollingDigest } from './rolling-digest.js';

export const CHECKPOINT_FORMAT = 'lead-event-store-checkpoint/1';

/** Hex characters of each event's hash kept per stream to say *which* event changed (see `CheckpointHead`). */
export const DEFAULT_FINGERPRINT_CHARS = 8;

/**
 * One stream as it stood at the checkpoint: its head (last revision, that event's hash, id and position) and, for
 * every revision 0..revision, the first `fingerprintChars` hex characters of that event's hash, concatenated.
 *
 * Why the fingerprints: the head hash alone proves that a stream was rewritten, not where — a rewrite recomputes
 * every hash from the edited event on, so the verifier needs something per event to find the first one that changed.
 * Why only a prefix: size. 8 characters (4 bytes) cost about 8 bytes per event in the file (1M events ≈ 8 MB) instead
 * of 64; they only *locate* a change — detection rests on the full head hash and the rolling digest, which a
 * rewriter cannot match. Someone grinding a rewrite to match a 4-byte prefix can move the reported revision, not hide
 * the change. `fingerprintChars: 0` keeps heads only (smallest file; a change is then reported at the head).
 */
export interface CheckpointHead {
  streamId: string;
  revision: number;
  hash: string;
  eventId: string;
  position: string;
  fingerprints: string;
}

/** The signed part of a checkpoint: small, fixed fields; the heads list is bound to it by `merkleRoot`. */
export interface CheckpointStatement {
  format: typeof CHECKPOINT_FORMAT;
  id: string;
  createdAt: string;
  /** Which deployment's store (configured): a checkpoint of one store proves nothing about another. */
  storeId: string;
  /** Position of the last `$all` event covered (`commit/prepare`), null for an empty store. */
  lastGlobalPosition: string | null;
  /** Events in `$all` up to and including `lastGlobalPosition`. */
  eventCount: number;
  /** `RollingDigest` over those events' hashes in global order. */
  allDigest: string;
  /** `merkleRoot` over `headLeaf(head)` for every head, sorted by stream id. */
  merkleRoot: string;
  streamCount: number;
  fingerprintChars: number;
  /**
   * Stream-id prefixes the checkpoint leaves out: streams whose *name* is personal (a blind index such as
   * `participantmatch-`) and which erasure purges. Leaving them out keeps their names out of files an auditor keeps
   * for ever, and lets a purge leave every checkpoint whole (their events are in neither the heads nor the digest).
   * The chain walk still checks them. Absent in checkpoints that leave nothing out.
   */
  excludedPrefixes?: string[];
  keyId: string;
}

/** Whether a stream is left out of a checkpoint with these prefixes. */
export function excludedFromCheckpoint(streamId: string, prefixes: readonly string[] | undefined): boolean {
  return prefixes !== undefined && prefixes.some((prefix) => streamId.startsWith(prefix));
}

/** A checkpoint file: the statement's fields, its ed25519 signature (base64) and the heads. */
export interface Checkpoint extends CheckpointStatement {
  signature: string;
  heads: CheckpointHead[];
}

/** The leaf a head contributes to the Merkle root: every field, fingerprints included, so none can be edited. */
export function headLeaf(head: CheckpointHead): string {
  return canonicalJson([head.streamId, head.revision, head.hash, head.eventId, head.position, head.fingerprints]);
}

export function headsRoot(heads: readonly CheckpointHead[]): string {
  return merkleRoot(heads.map(headLeaf));
}

/** The statement without its signature, exactly as signed. */
export function statementOf(checkpoint: CheckpointStatement): CheckpointStatement {
  const { format, id, createdAt, storeId, lastGlobalPosition, eventCount, allDigest, streamCount } = checkpoint;
  const { fingerprintChars, keyId } = checkpoint;
  return {
    format,
    id,
    createdAt,
    storeId,
    lastGlobalPosition,
    eventCount,
    allDigest,
    merkleRoot: checkpoint.merkleRoot,
    streamCount,
    fingerprintChars,
    // Signed only when present, so checkpoints written before the field existed verify as they were signed.
    ...(checkpoint.excludedPrefixes?.length ? { excludedPrefixes: [...checkpoint.excludedPrefixes] } : {}),
    keyId,
  };
}

/** The bytes an ed25519 signature covers: canonical JSON of the statement (sorted keys, no whitespace). */
export function signedBytes(statement: CheckpointStatement): Buffer {
  return Buffer.from(canonicalJson(statementOf(statement)), 'utf8');
}

/** The unsigned content of a checkpoint, as `CheckpointBuilder` makes it. */
export type CheckpointContent = Omit<CheckpointStatement, 'id' | 'createdAt' | 'storeId' | 'keyId' | 'format'> & {
  heads: CheckpointHead[];
};

/**
 * Folds `$all`, in global order, into a checkpoint's content. Pure (no I/O): the caller feeds it events. Assumes the
 * events were verified as they came (`ChainWalker`): a checkpoint must never anchor an already tampered state.
 */
export class CheckpointBuilder {
  private readonly digest = new RollingDigest();
  private readonly heads = new Map<string, CheckpointHead>();
  private last: string | null = null;

  constructor(
    private readonly fingerprintChars = DEFAULT_FINGERPRINT_CHARS,
    private readonly excludedPrefixes: readonly string[] = [],
  ) {
    if (!Number.isInteger(fingerprintChars) || fingerprintChars < 0 || fingerprintChars > 64)
      throw new RangeError('fingerprintChars must be an integer from 0 to 64');
    if (excludedPrefixes.some((prefix) => prefix.length === 0))
      throw new RangeError('an excluded prefix must not be empty (it would leave out every stream)');
  }

  add(event: RecordedEvent): void {
    if (excludedFromCheckpoint(event.streamId, this.excludedPrefixes)) return;
    this.digest.add(event.hash);
    this.last = formatPosition(event.position);
    const previous = this.heads.get(event.streamId);
    this.heads.set(event.streamId, {
      streamId: event.streamId,
      revision: event.streamRevision,
      hash: event.hash,
      eventId: event.eventId,
      position: this.last,
      fingerprints: (previous?.fingerprints ?? '') + event.hash.slice(0, this.fingerprintChars),
    });
  }

  finish(): CheckpointContent {
    const heads = [...this.heads.values()].sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0,
    );
    return {
      lastGlobalPosition: this.last,
      eventCount: this.digest.count,
      allDigest: this.digest.value,
      merkleRoot: headsRoot(heads),
      streamCount: heads.length,
      fingerprintChars: this.fingerprintChars,
      ...(this.excludedPrefixes.length > 0 ? { excludedPrefixes: [...this.excludedPrefixes] } : {}),
      heads,
    };
  }
}
