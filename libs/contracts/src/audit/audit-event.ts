import { eventHistory } from '../event-history.js';
import type { EventContract } from '../event-contract.js';
import { auditCheckpointSignedV1 } from './audit-checkpoint-signed.v1.js';

/**
 * What travels on `lead.audit.v1`: a CloudEvents 1.0 envelope like an integration event's, about the event store
 * rather than a participant. Its subject (and Kafka key) is the store id, and it has no jurisdiction: a checkpoint
 * covers every jurisdiction's streams at once and says nothing about any participant.
 */
export interface AuditEvent<Data = Record<string, unknown>> {
  /** CloudEvents `id`: the stored event's id (for a checkpoint, the checkpoint's id). */
  id: string;
  type: string;
  schemaVersion: number;
  /** `/lead/event-store/<storeId>`. */
  source: string;
  time: string;
  /** CloudEvents `subject` and the Kafka key: the store id. */
  subject: string;
  correlationId: string;
  data: Data;
}

export const auditEventHistories = [eventHistory([auditCheckpointSignedV1])] as const;

/** Every published version of every audit event type. */
export const auditContracts: readonly EventContract[] = auditEventHistories.flatMap(
  (history): readonly EventContract[] => history.versions,
);

/** The CloudEvents `source` of a store's audit events. */
export function auditEventSource(storeId: string): string {
  return `/lead/event-store/${storeId}`;
}
