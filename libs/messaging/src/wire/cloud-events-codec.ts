import { dataSchemaUri, type IntegrationEvent } from '@lead/contracts';
import { CE, CLOUD_EVENTS_SPEC_VERSION, CONTENT_TYPE, JSON_CONTENT_TYPE, TRACEPARENT } from './cloud-events-headers.js';
import { readBinaryCloudEvent } from './binary-cloud-event.js';
import type { WireMessage } from './wire-message.js';

/**
 * Integration event ⇄ wire message, CloudEvents Kafka binding in binary mode: the envelope's attributes become
 * `ce_` headers, the key is the participant id, the value is the event's data as JSON. Both buses use it, so a
 * handler sees the same object whichever transport delivered it.
 */
export function encodeIntegrationEvent(event: IntegrationEvent): WireMessage {
  const headers: Record<string, string> = {
    [CE.specversion]: CLOUD_EVENTS_SPEC_VERSION,
    [CE.id]: event.id,
    [CE.type]: event.type,
    [CE.source]: event.source,
    [CE.time]: event.time,
    [CE.subject]: event.participantId,
    [CE.dataschema]: dataSchemaUri(event.type, event.schemaVersion),
    [CE.schemaversion]: String(event.schemaVersion),
    [CE.correlationid]: event.correlationId,
    [CE.jurisdiction]: event.jurisdiction,
    [CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
  // An absent causation (a direct command) is an absent header, not the text "null".
  if (event.causationId !== null) headers[CE.causationid] = event.causationId;
  if (event.traceparent) headers[TRACEPARENT] = event.traceparent;
  return { key: event.participantId, value: Buffer.from(JSON.stringify(event.data)), headers };
}

/** @throws MalformedMessage naming what is missing or unreadable. */
export function decodeIntegrationEvent(message: WireMessage): IntegrationEvent {
  const { required, schemaVersion, data } = readBinaryCloudEvent(message);
  const h = message.headers;
  const event: IntegrationEvent = {
    id: required(CE.id),
    type: required(CE.type),
    schemaVersion,
    source: required(CE.source),
    time: required(CE.time),
    participantId: required(CE.subject),
    jurisdiction: required(CE.jurisdiction),
    correlationId: required(CE.correlationid),
    causationId: h[CE.causationid] ?? null,
    data,
  };
  if (h[TRACEPARENT]) event.traceparent = h[TRACEPARENT];
  return event;
}
