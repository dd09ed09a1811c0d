import { COMMON_CLOUD_EVENT_HEADERS, headersOf, type KafkaHeaderDefinition } from '../kafka-binding.js';
import { ENVELOPE_PATTERNS } from '../validation/integration-event-envelope.schema.js';
import type { AuditEvent } from './audit-event.js';

/** The store-id shape (EVENT_STORE_ID): the subject and key of every audit event. */
export const STORE_ID_PATTERN = '^[A-Za-z0-9._-]{1,100}$';

/**
 * How an audit event travels on Kafka: the CloudEvents binary mode of integration events, keyed by the store id (one
 * store's checkpoints stay in order on one partition), with no `ce_jurisdiction` and no causation: a checkpoint is
 * about the whole store and caused by the schedule, not by a request.
 */
export const AUDIT_EVENT_HEADERS: readonly KafkaHeaderDefinition<AuditEvent>[] = [
  COMMON_CLOUD_EVENT_HEADERS.specversion,
  {
    name: 'ce_id',
    required: true,
    description: 'Event id (UUID; for a checkpoint, its id); a redelivery repeats it, so keepers deduplicate on it.',
    schema: { type: 'string', format: 'uuid' },
    valueOf: (event) => event.id,
  },
  {
    name: 'ce_source',
    required: true,
    description: 'The store, `/lead/event-store/<storeId>`.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.source },
    valueOf: (event) => event.source,
  },
  { ...COMMON_CLOUD_EVENT_HEADERS.type, description: 'Event type, e.g. `lead.audit.checkpoint-signed`.' },
  { ...COMMON_CLOUD_EVENT_HEADERS.time, description: 'When the event was recorded in the store (RFC 3339).' },
  {
    name: 'ce_subject',
    required: true,
    description: 'The store id (EVENT_STORE_ID), also the key.',
    schema: { type: 'string', pattern: STORE_ID_PATTERN },
    valueOf: (event) => event.subject,
  },
  COMMON_CLOUD_EVENT_HEADERS.dataschema,
  COMMON_CLOUD_EVENT_HEADERS.schemaversion,
  { ...COMMON_CLOUD_EVENT_HEADERS.correlationid, description: 'Extension attribute; for a checkpoint, its id.' },
  COMMON_CLOUD_EVENT_HEADERS.contentType,
];

/** The Kafka headers of an audit event, as UTF-8 strings. */
export function auditKafkaHeadersOf(event: AuditEvent): Record<string, string> {
  return headersOf(AUDIT_EVENT_HEADERS, event);
}
