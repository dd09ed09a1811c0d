import type { ExpectedRevision } from '../expected-revision.js';

/** EventStoreDB's expected revision for appends (`@eventstore/db-client`'s `AppendExpectedRevision`). */
export type EsdbExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** EventStoreDB's revision a read starts at (`ReadRevision`). */
export type EsdbReadRevision = 'start' | 'end' | bigint;

/**
 * An expected revision so large no stream can be at it: appending zero events with it never writes
 * and always answers WrongExpectedVersion carrying the stream's real last revision (used only when
 * that revision cannot be read because every event is hidden; see `EsdbEventStore`).
 */
export const PROBE_REVISION = 2n ** 62n;

export function checkExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0)
      throw new RangeError(`Expected revision must be a non-negative integer, got ${expected}`);
    return;
  }
  if (expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    throw new RangeError(`Unknown expected revision ${String(expected)}`);
  }
}

/** Ours → EventStoreDB's (a number becomes a bigint; the three named states keep their names). */
export function toEsdbExpectedRevision(expected: ExpectedRevision): EsdbExpectedRevision {
  checkExpectedRevision(expected);
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** The exact expectation for a stream whose last revision is known (`no_stream` when it has none). */
export function exactEsdbRevision(lastRevision: number | 'no_stream'): EsdbExpectedRevision {
  return lastRevision === 'no_stream' ? 'no_stream' : BigInt(lastRevision);
}

/**
 * EventStoreDB's current revision (from `WrongExpectedVersionError.actualVersion` or an append
 * result) → ours. The client reports a missing stream as `'no_stream'`, and some paths as `-1n`.
 */
export function fromEsdbRevision(revision: bigint | number | string | undefined | null): number | 'no_stream' {
  if (revision === undefined || revision === null || revision === 'no_stream') return 'no_stream';
  if (typeof revision === 'string') {
    if (!/^-?\d+$/.test(revision)) return 'no_stream';
    revision = BigInt(revision);
  }
  const value = typeof revision === 'bigint' ? revision : BigInt(Math.trunc(revision));
  if (value < 0n) return 'no_stream';
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`Stream revision ${value} exceeds what a JavaScript number holds`);
  return Number(value);
}

/** Where a stream read starts, with the port's defaults (forwards: start; backwards: end). */
export function toEsdbReadRevision(
  from: number | 'start' | 'end' | undefined,
  direction: 'forwards' | 'backwards',
): EsdbReadRevision {
  if (from === undefined) return direction === 'forwards' ? 'start' : 'end';
  if (from === 'start' || from === 'end') return from;
  if (!Number.isSafeInteger(from) || from < 0)
    throw new RangeError(`fromRevision must be a non-negative integer, got ${from}`);
  return BigInt(from);
}
