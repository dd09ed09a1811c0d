/**
 * What an audit found. Every finding names as much as is known of the event it is about: a changed event is still
 * there (stream, revision, event id, position all known); a missing one is known only from what a checkpoint kept
 * of it (its stream and revision always, its id and position when it was the stream's head).
 */
export type FindingKind =
  /** The event's content no longer hashes to its stored hash (an edit that did not recompute the chain). */
  | 'hash-mismatch'
  /** The event's previous hash is not the stored hash of the stream's preceding event. */
  | 'previous-hash-mismatch'
  /** Revisions are missing inside a stream (or before its first event). */
  | 'revision-gap'
  /** The stream index's head (revision, hash) is not the stream's last event (PostgreSQL: `streams`). */
  | 'head-mismatch'
  /** The stream index says the stream has events and none is left (PostgreSQL only). */
  | 'stream-without-events'
  /** A checkpoint file that cannot be trusted: bad signature, unknown key, edited heads, wrong store. */
  | 'checkpoint-refused'
  /** An event the checkpoint covers now has a different hash: rewritten, chain recomputed or not. */
  | 'event-changed'
  /** An event the checkpoint covers is gone. */
  | 'event-missing'
  /** An event at or before the checkpoint's last position that the checkpoint does not know: inserted behind it. */
  | 'event-unexpected'
  /** `$all` up to the checkpoint's position no longer has the same events in the same order (count or digest). */
  | 'all-mismatch'
  /** `$all` ends before the checkpoint's last position: its newest events were removed. */
  | 'all-truncated';

export interface Finding {
  kind: FindingKind;
  streamId?: string;
  revision?: number;
  /** Last revision of a range (`revision-gap`, `event-missing`), when more than one is concerned. */
  toRevision?: number;
  eventId?: string;
  /** Global position, `commit/prepare` (`formatPosition`). */
  position?: string;
  /** The checkpoint the finding was measured against. */
  checkpointId?: string;
  detail: string;
}

/** One line per finding, for logs and CLI output. */
export function describeFinding(f: Finding): string {
  const where = [
    f.checkpointId && `checkpoint ${f.checkpointId}`,
    f.streamId && `stream ${f.streamId}`,
    f.revision !== undefined &&
      (f.toRevision !== undefined && f.toRevision !== f.revision
        ? `revisions ${f.revision}..${f.toRevision}`
        : `revision ${f.revision}`),
    f.eventId && `event ${f.eventId}`,
    f.position && `position ${f.position}`,
  ].filter(Boolean);
  return `${f.kind}${where.length ? ` (${where.join(', ')})` : ''}: ${f.detail}`;
}
