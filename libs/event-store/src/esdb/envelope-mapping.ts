import { toJsonValue } from '../canonical-json.js';
import type { EventData, EventMetadata, Position, RecordedEvent } from '../event-envelope.js';
import { isUuid } from '../event-id.js';
import { chainHash, type HashedContent } from '../hash-chain.js';
import { positionOfEsdbEvent, type EsdbPosition } from './position-mapping.js';

/**
 * The key under which this adapter keeps its own envelope fields inside an EventStoreDB event's
 * metadata. EventStoreDB stores an event as id + type + data + metadata; everything else of our
 * envelope (schema version, recorded-at, the hash chain) travels here.
 */
export const LEAD_METADATA_KEY = '$lead';

/** What `$lead` holds in every event this adapter writes. */
export interface LeadEnvelope {
  schemaVersion: number;
  /** ISO-8601 with milliseconds, set by the writer; the exact string is hashed. */
  recordedAt: string;
  previousHash: string;
  hash: string;
  /**
   * The chain restarts here: the writer could not read the stream's previous hash (its tail was
   * hidden by `$maxAge`, or the stream was soft-deleted by a tool other than this adapter), so
   * `previousHash` is '' although the revision is not 0. See docs/event-store.md.
   */
  restart?: true;
}

/** The shape of an event as `@eventstore/db-client` sends it (its `JSONEventData`). */
export interface EsdbJsonEventData {
  id: string;
  contentType: 'application/json';
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The shape of an event as `@eventstore/db-client` returns it (its `RecordedEvent`), reduced to what we read. */
export interface EsdbRecordedEventLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: EsdbPosition;
}

/** Where the first event of an append goes and what it links to. */
export interface ChainStart {
  firstRevision: number;
  previousHash: string;
  recordedAt: string;
  restart?: boolean;
}

/** An event ready for EventStoreDB, with the place and hash it was computed for. */
export interface PreparedEvent {
  esdb: EsdbJsonEventData;
  revision: number;
  hash: string;
  previousHash: string;
}

/** An event as given by a writer, normalised to what JSON carries (so hashing before and after storage agree). */
export interface NormalisedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * Checks and normalises one proposed event: EventStoreDB needs a UUID id and a non-empty type; the
 * `$lead` metadata key is ours; data and metadata become plain JSON values.
 */
export function normaliseEvent(event: EventData): NormalisedEvent {
  if (typeof event.eventId !== 'string' || !isUuid(event.eventId)) {
    throw new TypeError(`Event id ${String(event.eventId)} is not a UUID (EventStoreDB requires one)`);
  }
  if (typeof event.type !== 'string' || event.type.length === 0)
    throw new TypeError('Event type must be a non-empty string');
  if (event.type.startsWith('$'))
    throw new TypeError(`Event type ${event.type} starts with '$', which EventStoreDB reserves for system events`);
  if (!Number.isSafeInteger(event.schemaVersion))
    throw new TypeError(`Event ${event.eventId}: schemaVersion must be an integer`);
  if (event.metadata === null || typeof event.metadata !== 'object' || Array.isArray(event.metadata)) {
    throw new TypeError(`Event ${event.eventId}: metadata must be an object`);
  }
  if (Object.prototype.hasOwnProperty.call(event.metadata, LEAD_METADATA_KEY)) {
    throw new TypeError(
      `Event ${event.eventId}: metadata key ${LEAD_METADATA_KEY} is reserved by the EventStoreDB adapter`,
    );
  }
  return {
    eventId: event.eventId.toLowerCase(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: toJsonValue(event.data),
    metadata: toJsonValue(event.metadata),
  };
}

/**
 * Computes the hash chain for a batch that will occupy revisions `firstRevision…` and shapes each
 * event for EventStoreDB: id = event id, type = type, data = data, metadata = our metadata plus
 * `$lead` (schema version, recorded-at, previous hash, hash).
 */
export function prepareEvents(
  streamId: string,
  events: readonly NormalisedEvent[],
  start: ChainStart,
): PreparedEvent[] {
  let previousHash = start.restart ? '' : start.previousHash;
  return events.map((event, i) => {
    const revision = start.firstRevision + i;
    const hash = chainHash(previousHash, {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId,
      streamRevision: revision,
      recordedAt: start.recordedAt,
      data: event.data,
      metadata: event.metadata,
    });
    const lead: LeadEnvelope = { schemaVersion: event.schemaVersion, recordedAt: start.recordedAt, previousHash, hash };
    if (start.restart && i === 0) lead.restart = true;
    const prepared: PreparedEvent = {
      esdb: {
        id: event.eventId,
        contentType: 'application/json',
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, [LEAD_METADATA_KEY]: lead },
      },
      revision,
      hash,
      previousHash,
    };
    previousHash = hash;
    return prepared;
  });
}

/** Our envelope fields from an EventStoreDB event's metadata, if it was written by this adapter. */
export function leadEnvelopeOf(metadata: unknown): LeadEnvelope | undefined {
  if (!isPlainObject(metadata)) return undefined;
  const lead = metadata[LEAD_METADATA_KEY];
  if (!isPlainObject(lead)) return undefined;
  const { schemaVersion, recordedAt, previousHash, hash, restart } = lead;
  if (
    typeof schemaVersion !== 'number' ||
    typeof recordedAt !== 'string' ||
    typeof previousHash !== 'string' ||
    typeof hash !== 'string'
  ) {
    return undefined;
  }
  return restart === true
    ? { schemaVersion, recordedAt, previousHash, hash, restart: true }
    : { schemaVersion, recordedAt, previousHash, hash };
}

/** The writer's metadata: the event's metadata without `$lead`. */
export function userMetadataOf(metadata: unknown): EventMetadata {
  if (!isPlainObject(metadata)) return {} as EventMetadata;
  const { [LEAD_METADATA_KEY]: _lead, ...rest } = metadata;
  return rest as EventMetadata;
}

/**
 * Maps an EventStoreDB event to our envelope. Events not written by this adapter (no `$lead`) are
 * still mapped: schema version 1, recorded-at from EventStoreDB's `created`, empty hashes (which
 * `verify*` then reports).
 */
export function toRecordedEvent(event: EsdbRecordedEventLike, fallbackPosition?: Position): RecordedEvent {
  const lead = leadEnvelopeOf(event.metadata);
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: lead?.schemaVersion ?? 1,
    data: event.data,
    metadata: userMetadataOf(event.metadata),
    streamId: event.streamId,
    streamRevision: Number(event.revision),
    position: positionOfEsdbEvent(event, fallbackPosition),
    recordedAt: lead ? new Date(lead.recordedAt) : event.created,
    previousHash: lead?.previousHash ?? '',
    hash: lead?.hash ?? '',
    ...(lead?.restart === true && { chainRestart: true as const }),
  };
}

/** What the hash of a stored event covers, rebuilt from the stored event (the recorded-at string as stored). */
export function hashedContentOf(
  event: EsdbRecordedEventLike,
): { content: HashedContent; lead: LeadEnvelope } | undefined {
  const lead = leadEnvelopeOf(event.metadata);
  if (!lead) return undefined;
  return {
    lead,
    content: {
      eventId: event.id,
      type: event.type,
      schemaVersion: lead.schemaVersion,
      streamId: event.streamId,
      streamRevision: Number(event.revision),
      recordedAt: lead.recordedAt,
      data: event.data,
      metadata: userMetadataOf(event.metadata),
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}
