import { dataSchemaUri } from '../event-contract.js';
import {
  CLOUDEVENTS_SPEC_VERSION,
  INTEGRATION_EVENT_CONTENT_TYPE,
  type KafkaHeaderDefinition,
} from '../kafka-binding.js';
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
  {
    name: 'ce_specversion',
    required: true,
    description: 'CloudEvents spec version.',
    schema: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
    valueOf: () => CLOUDEVENTS_SPEC_VERSION,
  },
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
  {
    name: 'ce_type',
    required: true,
    description: 'Event type, e.g. `lead.audit.checkpoint-signed`.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.type },
    valueOf: (event) => event.type,
  },
  {
    name: 'ce_time',
    required: true,
    description: 'When the event was recorded in the store (RFC 3339).',
    schema: { type: 'string', format: 'date-time' },
    valueOf: (event) => event.time,
  },
  {
    name: 'ce_subject',
    required: true,
    description: 'The store id (EVENT_STORE_ID), also the key.',
    schema: { type: 'string', pattern: STORE_ID_PATTERN },
    valueOf: (event) => event.subject,
  },
  {
    name: 'ce_dataschema',
    required: false,
    description: 'URN of the data schema version, `urn:lead:contracts:<type>:v<schemaVersion>`.',
    schema: { type: 'string', pattern: '^urn:lead:contracts:[a-z.-]+:v[1-9][0-9]*$' },
    valueOf: (event) => dataSchemaUri(event.type, event.schemaVersion),
  },
  {
    name: 'ce_schemaversion',
    required: true,
    description: 'Version of the data schema (extension attribute), as a decimal string.',
    schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
    valueOf: (event) => String(event.schemaVersion),
  },
  {
    name: 'ce_correlationid',
    required: true,
    description: 'Extension attribute; for a checkpoint, its id.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.correlationId },
    valueOf: (event) => event.correlationId,
  },
  {
    name: 'content-type',
    required: true,
    description: 'Media type of the value.',
    schema: { type: 'string', const: INTEGRATION_EVENT_CONTENT_TYPE },
    valueOf: () => INTEGRATION_EVENT_CONTENT_TYPE,
  },
];

/** The Kafka headers of an audit event, as UTF-8 strings. */
export function auditKafkaHeadersOf(event: AuditEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of AUDIT_EVENT_HEADERS) {
    const value = header.valueOf(event);
    if (value !== undefined) headers[header.name] = value;
  }
  return headers;
}
