import type { Position } from '../event-envelope.js';
import { comparePositions } from '../position.js';

/** EventStoreDB's position in its transaction log (same shape as ours: `{commit, prepare}` bigints). */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

/**
 * Stands for "position unknown": EventStoreDB servers before 22.6 do not return positions on
 * stream reads. It sorts before every real position.
 */
export const UNKNOWN_POSITION: Position = Object.freeze({ commit: -1n, prepare: -1n });

export function fromEsdbPosition(position: EsdbPosition): Position {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}

export function toEsdbPosition(position: Position): EsdbPosition {
  if (position.commit < 0n || position.prepare < 0n)
    throw new RangeError(`Position ${position.commit}/${position.prepare} is not a log position`);
  return { commit: position.commit, prepare: position.prepare };
}

/**
 * The position of a recorded EventStoreDB event: its own `position` (always present on `$all`
 * reads and subscriptions, on stream reads from server 22.6), else the given fallback, else
 * `UNKNOWN_POSITION`.
 */
export function positionOfEsdbEvent(event: { position?: EsdbPosition }, fallback?: Position): Position {
  if (event.position) return fromEsdbPosition(event.position);
  return fallback ?? UNKNOWN_POSITION;
}

/** Whether `position` is strictly after `after` (`'start'` is before everything). */
export function isAfter(position: Position, after: Position | 'start' | undefined): boolean {
  if (after === undefined || after === 'start') return true;
  return comparePositions(position, after) > 0;
}
