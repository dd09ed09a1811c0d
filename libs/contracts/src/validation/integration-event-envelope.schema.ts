import { IDENTIFIER_PATTERNS } from '../identifiers.js';
import type { IntegrationEvent } from '../integration-event.js';
import { JSON_SCHEMA_DIALECT, type JsonSchema } from '../schema/json-schema.js';

type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

/**
 * The shape the compiler holds the envelope schema to: one property per field of
 * `IntegrationEvent`, and exactly its required fields required. A field added to the interface
 * (only ever optional: consumers of older events must keep validating) fails the build until
 * it is described here too.
 */
interface EnvelopeSchema extends JsonSchema {
  properties: Record<keyof IntegrationEvent, JsonSchema>;
  required: Array<RequiredKeys<IntegrationEvent>>;
}

/** `^…$` patterns shared with the AsyncAPI headers. */
export const ENVELOPE_PATTERNS = {
  type: '^lead\\.[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$',
  source: '^/lead/[a-z0-9]+(-[a-z0-9]+)*(/[A-Za-z0-9._-]+)*$',
  /** The one jurisdiction id shape (libs/contracts identifiers), which tokens and requests are checked against. */
  jurisdiction: IDENTIFIER_PATTERNS.jurisdictionId,
  /** What the platform accepts as a correlation id (`x-correlation-id`): no spaces, no payload. */
  correlationId: '^[A-Za-z0-9._:-]{1,128}$',
  traceparent: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
} as const;

/**
 * The envelope every integration event travels in (CloudEvents 1.0 attributes plus LEAD's), with
 * `data` left to the schema of the event's (type, schemaVersion). Every field is constrained to
 * an id, a code or a timestamp, so no personal data can ride on the envelope either.
 */
export const integrationEventEnvelopeSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:lead:contracts:integration-event-envelope',
  title: 'LEAD integration event',
  description:
    'CloudEvents 1.0 envelope of a LEAD integration event; `data` follows the schema of (type, schemaVersion).',
  type: 'object',
  properties: {
    id: {
      type: 'string',
      format: 'uuid',
      description: 'CloudEvents `id`: the id of the domain event it was mapped from; redeliveries repeat it.',
    },
    type: {
      type: 'string',
      pattern: ENVELOPE_PATTERNS.type,
      description: 'CloudEvents `type`, e.g. `lead.referral.accepted`.',
    },
    schemaVersion: {
      type: 'integer',
      minimum: 1,
      description: 'Version of the type’s data schema.',
    },
    source: {
      type: 'string',
      pattern: ENVELOPE_PATTERNS.source,
      description: 'CloudEvents `source`: the emitting service, e.g. `/lead/referrals`.',
    },
    time: {
      type: 'string',
      format: 'date-time',
      description: 'CloudEvents `time`: when the domain event was recorded.',
    },
    participantId: {
      type: 'string',
      format: 'uuid',
      description: 'CloudEvents `subject` and the Kafka key: the pseudonymous participant id.',
    },
    jurisdiction: {
      type: 'string',
      pattern: ENVELOPE_PATTERNS.jurisdiction,
      description: 'The jurisdiction id from configuration, e.g. `denver`.',
    },
    correlationId: {
      type: 'string',
      pattern: ENVELOPE_PATTERNS.correlationId,
      description: 'Ties together everything one request caused.',
    },
    causationId: {
      type: ['string', 'null'],
      pattern: ENVELOPE_PATTERNS.correlationId,
      description: 'The event that caused this one; null for a direct command.',
    },
    traceparent: {
      type: 'string',
      pattern: ENVELOPE_PATTERNS.traceparent,
      description: 'W3C trace context, when the producer had one.',
    },
    data: {
      type: 'object',
      description: 'The event data: validated against the schema of (type, schemaVersion).',
    },
  },
  required: [
    'id',
    'type',
    'schemaVersion',
    'source',
    'time',
    'participantId',
    'jurisdiction',
    'correlationId',
    'causationId',
    'data',
  ],
  additionalProperties: false,
} satisfies EnvelopeSchema;

type Unlisted = Exclude<RequiredKeys<IntegrationEvent>, (typeof integrationEventEnvelopeSchema.required)[number]>;
/** Fails to compile when a required field of `IntegrationEvent` is missing from `required` above. */
type _EveryRequiredFieldListed = [Unlisted] extends [never] ? true : { missingFromRequired: Unlisted };
const _everyRequiredFieldListed: _EveryRequiredFieldListed = true;
