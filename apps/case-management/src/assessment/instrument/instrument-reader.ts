import type { InstrumentConfigProblem } from './instrument-config-error.js';

/**
 * Reads untrusted JSON field by field, remembering each problem with its path, so one pass reports everything
 * wrong with a file. Every accessor returns a usable placeholder on error. (The jurisdictions library keeps its
 * reader private; this is the same discipline for instrument files.)
 */
export class InstrumentReader {
  readonly problems: InstrumentConfigProblem[] = [];

  constructor(readonly file: string) {}

  fail(path: string, problem: string): void {
    this.problems.push({ file: this.file, path, problem });
  }

  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
    if (!isRecord(value)) {
      this.fail(path, 'must be an object');
      return {};
    }
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.fail(join(path, key), 'is not a known setting');
    return value;
  }

  /** An object used as a map (`answerSets`, option scores): any key, each value read by `entry`. */
  map<T>(value: unknown, path: string, entry: (value: unknown, path: string, key: string) => T): Map<string, T> {
    const out = new Map<string, T>();
    if (!isRecord(value)) {
      this.fail(path, 'must be an object');
      return out;
    }
    for (const [key, v] of Object.entries(value)) out.set(key, entry(v, join(path, key), key));
    return out;
  }

  string(value: unknown, path: string, pattern?: RegExp): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, 'must be a non-empty string');
      return '';
    }
    if (pattern && !pattern.test(value)) this.fail(path, `must match ${pattern}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
    if (typeof value !== 'string' || !options.includes(value as T)) {
      this.fail(path, `must be one of ${options.join(', ')}`);
      return options[0];
    }
    return value as T;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return false;
    }
    return value;
  }

  number(value: unknown, path: string, { min = -Infinity, integer = false, positive = false } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, 'must be a number');
      return 0;
    }
    if (integer && !Number.isInteger(value)) this.fail(path, 'must be a whole number');
    if (positive ? value <= 0 : value < min)
      this.fail(path, positive ? 'must be greater than 0' : `must be at least ${min}`);
    return value;
  }

  /** A count of days: a whole number, at least 0 (or at least 1 when `positive`). */
  days(value: unknown, path: string, { positive = false } = {}): number {
    return this.number(value, path, { integer: true, min: 0, positive });
  }

  array<T>(value: unknown, path: string, item: (value: unknown, path: string) => T, { nonEmpty = false } = {}): T[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    if (nonEmpty && value.length === 0) this.fail(path, 'must not be empty');
    return value.map((v, i) => item(v, `${path}[${i}]`));
  }

  /** Reports every id that appears more than once in a list, at the path of its second appearance. */
  unique(ids: readonly string[], path: string, what: string, field = 'id'): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (id && seen.has(id)) this.fail(`${path}[${i}].${field}`, `${what} "${id}" appears twice`);
      seen.add(id);
    });
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
