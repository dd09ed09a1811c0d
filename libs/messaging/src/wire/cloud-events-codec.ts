import { dataSchemaUri, type IntegrationEvent } from '@lead/contracts';
import { CE, CLOUD_EVENTS_SPEC_VERSION, CONTENT_TYPE, JSON_CONTENT_TYPE, TRACEPARENT } from './cloud-events-headers.js';
import { MalformedMessage } from './malformed-message.js';
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
  const h = message.headers;
  const required = (name: string): string => {
    const value = h[name];
    if (value === undefined || value === '') throw new MalformedMessage(`header ${name} is missing`);
    return value;
  };
  const specversion = required(CE.specversion);
  if (specversion !== CLOUD_EVENTS_SPEC_VERSION)
    throw new MalformedMessage(`${CE.specversion} ${specversion} is not supported`);
  const contentType = h[CONTENT_TYPE];
  if (contentType !== undefined && !contentType.startsWith(JSON_CONTENT_TYPE)) {
    throw new MalformedMessage(`${CONTENT_TYPE} ${contentType} is not ${JSON_CONTENT_TYPE}`);
  }
  const schemaVersion = Number(required(CE.schemaversion));
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
    throw new MalformedMessage(`${CE.schemaversion} is not a positive integer`);
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new MalformedMessage(`the value is not JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new MalformedMessage('the value is not a JSON object');
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
    data: data as Record<string, unknown>,
  };
  if (h[TRACEPARENT]) event.traceparent = h[TRACEPARENT];
  return event;
}
