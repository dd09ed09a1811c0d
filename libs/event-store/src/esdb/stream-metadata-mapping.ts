import type { StreamMetadata } from '../event-store.port.js';
import { LEAD_METADATA_KEY } from './envelope-mapping.js';

/**
 * EventStoreDB keeps a stream's metadata as the JSON of the last `$metadata` event in `$$<stream>`:
 * system keys are `$`-prefixed (`$maxAge` seconds, `$maxCount`, `$tb` = truncate before,
 * `$cacheControl`, `$acl`), application keys sit beside them at the top level. This adapter adds
 * `$lead` for the chain head it needs across soft deletes (see `LeadStreamState`).
 */
export const ESDB_MAX_AGE = '$maxAge';
export const ESDB_MAX_COUNT = '$maxCount';
export const ESDB_TRUNCATE_BEFORE = '$tb';

/**
 * EventStoreDB's own soft delete writes `$tb = long.MaxValue`; anything at or above 2^53 can only be
 * that marker (no stream has that many events), and a JavaScript number cannot hold it exactly.
 */
const NATIVE_DELETED_THRESHOLD = 2 ** 53;

/** What this adapter stores under `$lead` in a stream's metadata. */
export interface LeadStreamState {
  /**
   * The stream's last revision and hash when it was soft-deleted (or its metadata last written),
   * so that an append after the visible events are gone continues the revision numbering and the
   * hash chain.
   */
  chainHead?: { revision: number; hash: string };
  /** Set by `deleteStream`; honoured while the stream has no visible event. */
  deleted?: true;
}

export interface ParsedStreamMetadata {
  /** The port's view. */
  metadata: StreamMetadata;
  lead: LeadStreamState;
  /** `$tb` holds EventStoreDB's own soft-delete marker (the stream was deleted by another tool). */
  nativeSoftDeleted: boolean;
  /** Keys the port does not model (`$acl`, `$cacheControl`, other `$` keys), kept as they are on rewrite. */
  preserved: Record<string, unknown>;
}

/** Raw metadata JSON (as read from `$$<stream>`) → the port's view, our `$lead` state, and keys to keep. */
export function fromEsdbStreamMetadata(raw: unknown): ParsedStreamMetadata {
  const metadata: StreamMetadata = {};
  const custom: Record<string, unknown> = {};
  const preserved: Record<string, unknown> = {};
  let lead: LeadStreamState = {};
  let nativeSoftDeleted = false;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (key === ESDB_MAX_AGE && typeof value === 'number') metadata.maxAge = value;
      else if (key === ESDB_MAX_COUNT && typeof value === 'number') metadata.maxCount = value;
      else if (key === ESDB_TRUNCATE_BEFORE && typeof value === 'number') {
        if (value >= NATIVE_DELETED_THRESHOLD) nativeSoftDeleted = true;
        else metadata.truncateBefore = value;
      } else if (key === LEAD_METADATA_KEY) lead = parseLeadState(value);
      else if (key.startsWith('$')) preserved[key] = value;
      else custom[key] = value;
    }
  }
  if (Object.keys(custom).length > 0) metadata.custom = custom;
  return { metadata, lead, nativeSoftDeleted, preserved };
}

/** Checks what EventStoreDB accepts: positive integer `maxAge`/`maxCount`, non-negative integer `truncateBefore`, no `$` custom keys. */
export function checkStreamMetadata(metadata: StreamMetadata): void {
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0))
      throw new RangeError(`Stream metadata ${name} must be a positive integer, got ${value}`);
  };
  positive('maxAge', metadata.maxAge);
  positive('maxCount', metadata.maxCount);
  const tb = metadata.truncateBefore;
  if (tb !== undefined && (!Number.isSafeInteger(tb) || tb < 0))
    throw new RangeError(`Stream metadata truncateBefore must be a non-negative integer, got ${tb}`);
  for (const key of Object.keys(metadata.custom ?? {})) {
    if (key.startsWith('$'))
      throw new TypeError(`Custom stream metadata key ${key} starts with '$', which EventStoreDB reserves`);
  }
}

/**
 * The port's metadata + kept keys + our state → raw EventStoreDB metadata JSON. While the stream is
 * deleted (`lead.deleted`), `$tb` never drops below the deletion point, so rewriting the metadata
 * cannot bring deleted events back.
 */
export function toEsdbStreamMetadata(
  metadata: StreamMetadata,
  preserved: Record<string, unknown> = {},
  lead: LeadStreamState = {},
): Record<string, unknown> {
  checkStreamMetadata(metadata);
  const raw: Record<string, unknown> = { ...preserved, ...(metadata.custom ?? {}) };
  if (metadata.maxAge !== undefined) raw[ESDB_MAX_AGE] = metadata.maxAge;
  if (metadata.maxCount !== undefined) raw[ESDB_MAX_COUNT] = metadata.maxCount;
  let tb = metadata.truncateBefore;
  if (lead.deleted && lead.chainHead) tb = Math.max(tb ?? 0, lead.chainHead.revision + 1);
  if (tb !== undefined) raw[ESDB_TRUNCATE_BEFORE] = tb;
  if (lead.chainHead || lead.deleted) raw[LEAD_METADATA_KEY] = { ...lead };
  return raw;
}

/**
 * The metadata that soft-deletes a stream whose last event is `revision` with `hash`: every event up
 * to it is truncated (`$tb = revision + 1`, what EventStoreDB scavenges), and the chain head is kept
 * so the next append continues at `revision + 1` linked to `hash`. Other keys stay.
 */
export function deletedStreamMetadata(
  current: ParsedStreamMetadata,
  revision: number,
  hash: string,
): Record<string, unknown> {
  return toEsdbStreamMetadata(current.metadata, current.preserved, { chainHead: { revision, hash }, deleted: true });
}

function parseLeadState(value: unknown): LeadStreamState {
  if (value === null || typeof value !== 'object') return {};
  const { chainHead, deleted } = value as Record<string, unknown>;
  const state: LeadStreamState = {};
  if (chainHead && typeof chainHead === 'object') {
    const { revision, hash } = chainHead as Record<string, unknown>;
    if (typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 0 && typeof hash === 'string')
      state.chainHead = { revision, hash };
  }
  if (deleted === true) state.deleted = true;
  return state;
}
