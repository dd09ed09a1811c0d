/**
 * Deterministic JSON: object keys sorted by UTF-16 code unit at every depth, no whitespace,
 * `undefined` and function members dropped and `toJSON` honoured (as JSON.stringify does). The
 * store parses this very text into what it keeps, so the bytes are the same before storage and
 * after a database round trip. Built on the native serialiser: an object is copied only when its
 * keys are not already in order.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value, sortKeys);
  return text === undefined ? 'null' : text;
}

function sortKeys(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Non-finite number in event');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (sorted) return value;
  const copy: Record<string, unknown> = {};
  for (const key of keys.sort()) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}

/** Normalises a value to what JSON can carry (Dates become ISO strings, undefined members vanish). */
export function toJsonValue<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
