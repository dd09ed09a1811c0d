import { auditKafkaHeadersOf, type AuditEvent } from '@lead/contracts';
import { CE, CLOUD_EVENTS_SPEC_VERSION, CONTENT_TYPE, JSON_CONTENT_TYPE } from './cloud-events-headers.js';
import { MalformedMessage } from './malformed-message.js';
import type { WireMessage } from './wire-message.js';

/** Audit event → wire message: binary-mode CloudEvents like integration events, keyed by the store id. */
export function encodeAuditEvent(event: AuditEvent): WireMessage {
  return { key: event.subject, value: Buffer.from(JSON.stringify(event.data)), headers: auditKafkaHeadersOf(event) };
}

/** Wire message → audit event, for keepers of lead.audit.v1. @throws MalformedMessage naming what is wrong. */
export function decodeAuditEvent(message: WireMessage): AuditEvent {
  const h = message.headers;
  const required = (name: string): string => {
    const value = h[name];
    if (value === undefined || value === '') throw new MalformedMessage(`header ${name} is missing`);
    return value;
  };
  if (required(CE.specversion) !== CLOUD_EVENTS_SPEC_VERSION)
    throw new MalformedMessage(`${CE.specversion} ${h[CE.specversion]} is not supported`);
  const contentType = h[CONTENT_TYPE];
  if (contentType !== undefined && !contentType.startsWith(JSON_CONTENT_TYPE))
    throw new MalformedMessage(`${CONTENT_TYPE} ${contentType} is not ${JSON_CONTENT_TYPE}`);
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
  const subject = required(CE.subject);
  if (message.key !== null && message.key !== subject)
    throw new MalformedMessage(`the key ${message.key} is not the subject ${subject}`);
  return {
    id: required(CE.id),
    type: required(CE.type),
    schemaVersion,
    source: required(CE.source),
    time: required(CE.time),
    subject,
    correlationId: required(CE.correlationid),
    data: data as Record<string, unknown>,
  };
}
