import type { RecordedEvent } from '../event-envelope.js';

export const EVENT_COLUMNS = `e.global_position::text AS global_position, e.transaction_id::text AS transaction_id, e.event_id,
  e.stream_id, e.stream_revision::int8 AS stream_revision, e.event_type, e.schema_version, e.data, e.metadata, e.recorded_at,
  e.previous_hash, e.hash`;

export interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_revision: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  previous_hash: string;
  hash: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
