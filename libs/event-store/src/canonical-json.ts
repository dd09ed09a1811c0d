/**
 * Deterministic JSON: object keys sorted by code point at every depth, no whitespace, `undefined`
 * members dropped and `toJSON` honoured (as JSON.stringify does). The store parses this very text
 * into what it keeps, so the bytes are the same before storage and after a database round trip.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Non-finite number in event');
    if (typeof value === 'bigint') throw new TypeError('BigInt in event: store it as a string');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => {
      const member = (value as Record<string, unknown>)[k];
      return member !== undefined && typeof member !== 'function';
    })
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Normalises a value to what JSON can carry (Dates become ISO strings, undefined members vanish). */
export function toJsonValue<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
