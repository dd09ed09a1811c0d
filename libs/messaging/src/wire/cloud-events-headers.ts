/**
 * Header names of the CloudEvents Kafka protocol binding, binary content mode (DESIGN.md §5): each attribute is
 * a `ce_`-prefixed header, the value is the event data. libs/contracts' `kafkaHeadersOf` is the reference for the
 * set (and docs/asyncapi.yaml documents it); `cloud-events-codec.spec.ts` checks the two agree. `schemaversion`, `correlationid`, `causationid` and
 * `jurisdiction` are LEAD extension attributes (CloudEvents extension names are lower-case letters and digits).
 */
export const CE = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  dataschema: 'ce_dataschema',
  schemaversion: 'ce_schemaversion',
  correlationid: 'ce_correlationid',
  causationid: 'ce_causationid',
  jurisdiction: 'ce_jurisdiction',
} as const;

/** W3C trace context travels in its own header, as the CloudEvents distributed-tracing extension says. */
export const TRACEPARENT = 'traceparent';

/** In binary mode the content type of the value is the record's `content-type` header. */
export const CONTENT_TYPE = 'content-type';

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
