import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { EventMetadata } from './event-envelope.js';

/** The parts of an event its hash covers: everything but its global position (assigned at commit). */
export interface HashedContent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamRevision: number;
  recordedAt: string;
  data: unknown;
  metadata: EventMetadata;
}

/** sha256(previous hash ‖ canonical JSON of the event), hex; the chain starts from the empty string. */
export function chainHash(previousHash: string, event: HashedContent): string {
  return createHash('sha256')
    .update(previousHash, 'utf8')
    .update(
      canonicalJson({
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        streamId: event.streamId,
        streamRevision: event.streamRevision,
        recordedAt: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
      }),
      'utf8',
    )
    .digest('hex');
}

/**
 * The canonical JSON of an event split around its stream revision, for stores that learn the
 * revision only inside the database: `head + revision + tail` is exactly the canonical JSON that
 * `chainHash` hashes. Keys sort as data, eventId, metadata, recordedAt, schemaVersion, streamId,
 * streamRevision, type, so the top-level revision is the last `"streamRevision":` before `"type"`.
 */
export function splitAroundRevision(event: Omit<HashedContent, 'streamRevision'>): { head: string; tail: string } {
  const full = canonicalJson({ ...event, streamRevision: 0 });
  const marker = '"streamRevision":0,"type":';
  const at = full.lastIndexOf(marker);
  if (at < 0) throw new Error('Canonical event JSON has no top-level stream revision');
  const revisionKey = '"streamRevision":';
  return { head: full.slice(0, at + revisionKey.length), tail: full.slice(at + revisionKey.length + 1) };
}
