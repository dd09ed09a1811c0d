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

/**
 * The canonical JSON of an event split around its stream revision: `head + revision + tail` is
 * exactly `canonicalJson(content)`, written out in sorted key order (data, eventId, metadata,
 * recordedAt, schemaVersion, streamId, streamRevision, type). Stores that learn the revision only
 * inside the database send head and tail and join them there.
 */
export function splitAroundRevision(event: Omit<HashedContent, 'streamRevision'>): { head: string; tail: string } {
  if (!Number.isSafeInteger(event.schemaVersion)) throw new TypeError('schemaVersion must be an integer');
  const head =
    `{"data":${canonicalJson(event.data)},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":${canonicalJson(event.metadata)},"recordedAt":${JSON.stringify(event.recordedAt)},` +
    `"schemaVersion":${event.schemaVersion},"streamId":${JSON.stringify(event.streamId)},"streamRevision":`;
  return { head, tail: `,"type":${JSON.stringify(event.type)}}` };
}

/** sha256(previous hash ‖ canonical JSON of the event), hex; the chain starts from the empty string. */
export function chainHash(previousHash: string, event: HashedContent): string {
  const { head, tail } = splitAroundRevision(event);
  return createHash('sha256').update(previousHash, 'utf8').update(`${head}${event.streamRevision}${tail}`, 'utf8').digest('hex');
}
