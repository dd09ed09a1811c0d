import {
  assertValidAuditEvent,
  AUDIT_TOPIC,
  auditCheckpointSignedV1,
  auditEventSource,
  type AuditEvent,
} from '@lead/contracts';
import { CHECKPOINT_SIGNED, checkpointStream, type RecordedEvent } from '@lead/event-store';
import { encodeAuditEvent } from '../wire/audit-event-codec.js';
import type { WireEventMapper } from './wire-event-mapper.js';

/**
 * The store's signed checkpoints (`CheckpointSigned` in `auditcheckpoint-<storeId>`, recorded by the checkpoint
 * schedule) as `lead.audit.checkpoint-signed` messages on lead.audit.v1, keyed by the store id: a copy of every
 * checkpoint's signed statement where the database's writers cannot reach it, for auditors and integrators to keep
 * (docs/audit.md). The data is the statement as signed, so a keeper verifies it with the auditor's public key alone.
 */
export function auditCheckpointPublication(storeId: string, topic: string = AUDIT_TOPIC): WireEventMapper {
  const stream = checkpointStream(storeId);
  return {
    topic,
    filter: { streamPrefixes: [stream], eventTypes: [CHECKPOINT_SIGNED] },
    messageFor(event: RecordedEvent) {
      // The prefix also matches another store whose id starts with this one's.
      if (event.streamId !== stream || event.type !== CHECKPOINT_SIGNED) return null;
      const message: AuditEvent = {
        id: event.eventId,
        type: auditCheckpointSignedV1.type,
        schemaVersion: auditCheckpointSignedV1.version,
        source: auditEventSource(storeId),
        time: event.recordedAt.toISOString(),
        subject: storeId,
        correlationId: event.metadata.correlationId,
        data: event.data as Record<string, unknown>,
      };
      // A record the contract refuses stops the relay here (never skipped): a schedule bug, fixed in the schedule.
      assertValidAuditEvent(message);
      return encodeAuditEvent(message);
    },
  };
}
