import { createHash, randomBytes } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// Random bytes are drawn in blocks: one call to the system generator per 256 ids, not per id.
const RANDOM_BLOCK = 16 * 256;
let randomPool = Buffer.alloc(0);
let randomOffset = RANDOM_BLOCK;
function random16(): Buffer {
  if (randomOffset >= RANDOM_BLOCK) {
    randomPool = randomBytes(RANDOM_BLOCK);
    randomOffset = 0;
  }
  const bytes = Buffer.from(randomPool.subarray(randomOffset, randomOffset + 16));
  randomOffset += 16;
  return bytes;
}

let lastMillis = 0;
let sequence = 0;

/**
 * RFC 9562 UUID version 7: 48-bit Unix milliseconds, then randomness. Ids made by this process
 * sort by creation time; within one millisecond a 12-bit counter keeps them increasing.
 */
export function newEventId(now: number = Date.now()): string {
  const bytes = random16();
  if (now <= lastMillis) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMillis += 1;
    now = lastMillis;
  } else {
    lastMillis = now;
    sequence = bytes.readUInt16BE(6) & 0x7ff;
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return format(bytes);
}

/** The namespace of every derived LEAD event id (a fixed, random v4 UUID). */
export const LEAD_EVENT_NAMESPACE = '4c1c5b0e-7d3e-4f0a-9a51-2f3b6c8d9e10';

/**
 * RFC 9562 UUID version 5 (SHA-1, name-based): the same source event and purpose always give the
 * same id, so a reaction re-run after a redelivery appends nothing new.
 */
export function deriveEventId(
  sourceEventId: string,
  purpose: string,
  namespace: string = LEAD_EVENT_NAMESPACE,
): string {
  if (!UUID.test(namespace)) throw new Error(`Namespace ${namespace} is not a UUID`);
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`${sourceEventId}/${purpose}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return format(Buffer.from(bytes));
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
