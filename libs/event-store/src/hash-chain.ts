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

/** An event's canonical JSON with data and metadata already serialised (`canonicalJson`). */
export interface CanonicalParts {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  recordedAt: string;
  dataJson: string;
  metadataJson: string;
}

/**
 * The canonical JSON of an event split around its stream revision: `head + revision + tail` is
 * exactly `canonicalJson(content)`, written out in sorted key order (data, eventId, metadata,
 * recordedAt, schemaVersion, streamId, streamRevision, type). Stores that learn the revision only
 * inside the database send head and tail and join them there.
 */
export function splitCanonical(parts: CanonicalParts): { head: string; tail: string } {
  if (!Number.isSafeInteger(parts.schemaVersion)) throw new TypeError('schemaVersion must be an integer');
  const head =
    `{"data":${parts.dataJson},"eventId":${JSON.stringify(parts.eventId)},` +
    `"metadata":${parts.metadataJson},"recordedAt":${JSON.stringify(parts.recordedAt)},` +
    `"schemaVersion":${parts.schemaVersion},"streamId":${JSON.stringify(parts.streamId)},"streamRevision":`;
  return { head, tail: `,"type":${JSON.stringify(parts.type)}}` };
}

export function splitAroundRevision(event: Omit<HashedContent, 'streamRevision'>): { head: string; tail: string } {
  return splitCanonical({ ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) });
}

/** sha256(previous hash ‖ head ‖ revision ‖ tail), hex. */
export function linkHash(previousHash: string, head: string, revision: number, tail: string): string {
  return createHash('sha256').update(previousHash, 'utf8').update(`${head}${revision}${tail}`, 'utf8').digest('hex');
}

/** sha256(previous hash ‖ canonical JSON of the event), hex; the chain starts from the empty string. */
export function chainHash(previousHash: string, event: HashedContent): string {
  const { head, tail } = splitAroundRevision(event);
  return linkHash(previousHash, head, event.streamRevision, tail);
}
