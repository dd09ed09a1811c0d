import { CE, CLOUD_EVENTS_SPEC_VERSION, CONTENT_TYPE, JSON_CONTENT_TYPE } from './cloud-events-headers.js';
import { MalformedMessage } from './malformed-message.js';
import type { WireMessage } from './wire-message.js';

/** The parts every binary-mode CloudEvent of this backend has, read and checked; the rest by header name. */
export interface BinaryCloudEvent {
  /** A header's value. @throws MalformedMessage when it is missing or empty. */
  required(name: string): string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

/**
 * Reads a message as a binary-mode CloudEvent (CloudEvents Kafka binding): spec version 1.0, a JSON content type, a
 * positive schema version and a JSON object as the value. Shared by the integration and the audit codecs.
 * @throws MalformedMessage naming what is missing or unreadable.
 */
export function readBinaryCloudEvent(message: WireMessage): BinaryCloudEvent {
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
  return { required, schemaVersion, data: data as Record<string, unknown> };
}
