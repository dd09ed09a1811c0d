import { dataSchemaUri } from './event-contract.js';
import type { IntegrationEvent } from './integration-event.js';
import type { JsonSchema } from './schema/json-schema.js';
import { ENVELOPE_PATTERNS } from './validation/integration-event-envelope.schema.js';

/**
 * How an integration event travels on Kafka (CloudEvents 1.0 Kafka protocol binding, binary
 * content mode, DESIGN.md §5): the key is the pseudonymous participant id, so one participant's
 * events stay in order on one partition; the envelope's attributes are `ce_`-prefixed headers; the
 * value is the event's `data` as JSON. This list is what docs/asyncapi.yaml documents, and
 * `kafkaHeadersOf` is the reference mapping the messaging codec must agree with.
 */
export interface KafkaHeaderDefinition<Event = IntegrationEvent> {
  name: string;
  required: boolean;
  description: string;
  /** Schema of the header's UTF-8 string value. */
  schema: JsonSchema;
  /** The header's value for an event; undefined leaves the header out. */
  valueOf(event: Event): string | undefined;
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const INTEGRATION_EVENT_CONTENT_TYPE = 'application/json';

/** The envelope fields every LEAD CloudEvent has, integration and audit events alike. */
export type CloudEventEnvelope = Pick<
  IntegrationEvent,
  'id' | 'type' | 'schemaVersion' | 'source' | 'time' | 'correlationId'
>;

/** The headers whose meaning does not depend on what the event is about (a participant, the store). */
export const COMMON_CLOUD_EVENT_HEADERS = {
  specversion: {
    name: 'ce_specversion',
    required: true,
    description: 'CloudEvents spec version.',
    schema: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
    valueOf: () => CLOUDEVENTS_SPEC_VERSION,
  },
  type: {
    name: 'ce_type',
    required: true,
    description: 'Event type, e.g. `lead.referral.accepted`.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.type },
    valueOf: (event) => event.type,
  },
  time: {
    name: 'ce_time',
    required: true,
    description: 'When the domain event was recorded (RFC 3339).',
    schema: { type: 'string', format: 'date-time' },
    valueOf: (event) => event.time,
  },
  dataschema: {
    name: 'ce_dataschema',
    required: false,
    description: 'URN of the data schema version, `urn:lead:contracts:<type>:v<schemaVersion>`.',
    schema: { type: 'string', pattern: '^urn:lead:contracts:[a-z.-]+:v[1-9][0-9]*$' },
    valueOf: (event) => dataSchemaUri(event.type, event.schemaVersion),
  },
  schemaversion: {
    name: 'ce_schemaversion',
    required: true,
    description: 'Version of the data schema (extension attribute), as a decimal string.',
    schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
    valueOf: (event) => String(event.schemaVersion),
  },
  correlationid: {
    name: 'ce_correlationid',
    required: true,
    description: 'Ties together everything one request caused (extension attribute).',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.correlationId },
    valueOf: (event) => event.correlationId,
  },
  contentType: {
    name: 'content-type',
    required: true,
    description: 'Media type of the value.',
    schema: { type: 'string', const: INTEGRATION_EVENT_CONTENT_TYPE },
    valueOf: () => INTEGRATION_EVENT_CONTENT_TYPE,
  },
} as const satisfies Record<string, KafkaHeaderDefinition<CloudEventEnvelope>>;

const common = COMMON_CLOUD_EVENT_HEADERS;

export const INTEGRATION_EVENT_HEADERS: readonly KafkaHeaderDefinition[] = [
  common.specversion,
  {
    name: 'ce_id',
    required: true,
    description: 'Event id (UUID); a redelivery repeats it, so consumers deduplicate on it.',
    schema: { type: 'string', format: 'uuid' },
    valueOf: (event) => event.id,
  },
  {
    name: 'ce_source',
    required: true,
    description: 'The emitting service, e.g. `/lead/referrals`.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.source },
    valueOf: (event) => event.source,
  },
  common.type,
  common.time,
  {
    name: 'ce_subject',
    required: true,
    description: 'The pseudonymous participant id (also the key). Never a name or any other identifier.',
    schema: { type: 'string', format: 'uuid' },
    valueOf: (event) => event.participantId,
  },
  common.dataschema,
  common.schemaversion,
  {
    name: 'ce_jurisdiction',
    required: true,
    description: 'Jurisdiction id (extension attribute), e.g. `denver`.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.jurisdiction },
    valueOf: (event) => event.jurisdiction,
  },
  common.correlationid,
  {
    name: 'ce_causationid',
    required: false,
    description: 'The event that caused this one (extension attribute); absent for a direct command.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.correlationId },
    valueOf: (event) => event.causationId ?? undefined,
  },
  {
    name: 'traceparent',
    required: false,
    description: 'W3C trace context, when the producer had one.',
    schema: { type: 'string', pattern: ENVELOPE_PATTERNS.traceparent },
    valueOf: (event) => event.traceparent,
  },
  common.contentType,
];

/** The Kafka headers of an event, as UTF-8 strings, optional ones left out when empty. */
export function headersOf<E>(definitions: readonly KafkaHeaderDefinition<E>[], event: E): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of definitions) {
    const value = header.valueOf(event);
    if (value !== undefined) headers[header.name] = value;
  }
  return headers;
}

/** The Kafka key of an event: its pseudonymous participant id. */
export function kafkaKeyOf(event: IntegrationEvent): string {
  return event.participantId;
}

/** The Kafka headers of an integration event. */
export function kafkaHeadersOf(event: IntegrationEvent): Record<string, string> {
  return headersOf(INTEGRATION_EVENT_HEADERS, event);
}
