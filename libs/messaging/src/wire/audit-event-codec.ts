import { auditKafkaHeadersOf, type AuditEvent } from '@lead/contracts';
import { readBinaryCloudEvent } from './binary-cloud-event.js';
import { CE } from './cloud-events-headers.js';
import { MalformedMessage } from './malformed-message.js';
import type { WireMessage } from './wire-message.js';

/** Audit event → wire message: binary-mode CloudEvents like integration events, keyed by the store id. */
export function encodeAuditEvent(event: AuditEvent): WireMessage {
  return { key: event.subject, value: Buffer.from(JSON.stringify(event.data)), headers: auditKafkaHeadersOf(event) };
}

/** Wire message → audit event, for keepers of lead.audit.v1. @throws MalformedMessage naming what is wrong. */
export function decodeAuditEvent(message: WireMessage): AuditEvent {
  const { required, schemaVersion, data } = readBinaryCloudEvent(message);
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
    data,
  };
}
