import type { Position } from '../event-envelope.js';
import { formatPosition, parsePosition } from '../position.js';
import type { EsdbJsonEventData } from './envelope-mapping.js';

/**
 * Subscription checkpoints live in EventStoreDB itself, one stream per durable subscriber, holding
 * only its newest event (`$maxCount` 1). The `$` prefix makes them system streams: `$all` readers
 * and subscriptions of this adapter never see them (and, with access control on, only `$admins` /
 * `$ops` may write them by default).
 */
export const CHECKPOINT_EVENT_TYPE = '$lead-checkpoint';

/** The checkpoint stream of a `$all` subscriber. */
export function allCheckpointStream(checkpointId: string): string {
  checkId(checkpointId);
  return `$lead-checkpoint-${checkpointId}`;
}

/** The checkpoint stream of a single-stream subscriber (a separate namespace from `$all` checkpoints). */
export function streamCheckpointStream(checkpointId: string): string {
  checkId(checkpointId);
  return `$lead-stream-checkpoint-${checkpointId}`;
}

export function allCheckpointEvent(position: Position, id: string): EsdbJsonEventData {
  return {
    id,
    contentType: 'application/json',
    type: CHECKPOINT_EVENT_TYPE,
    data: { position: formatPosition(position) },
    metadata: {},
  };
}

export function streamCheckpointEvent(streamId: string, revision: number, id: string): EsdbJsonEventData {
  return {
    id,
    contentType: 'application/json',
    type: CHECKPOINT_EVENT_TYPE,
    data: { streamId, revision },
    metadata: {},
  };
}

export function parseAllCheckpoint(data: unknown): Position | undefined {
  const position = (data as { position?: unknown } | null)?.position;
  return typeof position === 'string' ? parsePosition(position) : undefined;
}

export function parseStreamCheckpoint(data: unknown): number | undefined {
  const revision = (data as { revision?: unknown } | null)?.revision;
  return typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 0 ? revision : undefined;
}

function checkId(checkpointId: string): void {
  if (typeof checkpointId !== 'string' || checkpointId.length === 0)
    throw new TypeError('checkpointId must be a non-empty string');
}
