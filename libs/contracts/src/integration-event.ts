/**
 * What crosses a service boundary (Kafka, or the embedded bus): a CloudEvents 1.0 envelope around
 * one versioned, published event type. It names the participant by a pseudonymous id only; no
 * name, birth date, address, offense narrative or clinical detail ever travels (DESIGN.md §3).
 */
export interface IntegrationEvent<Data = Record<string, unknown>> {
  /** CloudEvents `id`: the id of the domain event it was mapped from, so redeliveries are recognisable. */
  id: string;
  /** CloudEvents `type`, e.g. `lead.referral.accepted`. */
  type: string;
  /** Version of this type's published JSON Schema (`dataschema` …/v<schemaVersion>). */
  schemaVersion: number;
  /** CloudEvents `source`: the emitting service, e.g. `/lead/referrals`. */
  source: string;
  /** CloudEvents `time`: when the domain event was recorded (ISO 8601). */
  time: string;
  /** CloudEvents `subject` and the Kafka key: the pseudonymous participant id. */
  participantId: string;
  jurisdiction: string;
  correlationId: string;
  /** The event that caused this one (null for a direct command). */
  causationId: string | null;
  /** W3C trace context, when the producer had one. */
  traceparent?: string;
  data: Data;
}
