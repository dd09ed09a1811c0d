import type { ConfigProblem } from './jurisdiction-config-error.js';

type Json = unknown;

/**
 * Reads untrusted JSON field by field, remembering each problem with its path, so one pass
 * reports everything wrong with a file. Every accessor returns a usable placeholder on error.
 */
export class ProtocolReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly file: string) {}

  fail(path: string, problem: string): void {
    this.problems.push({ file: this.file, path, problem });
  }

  object(value: Json, path: string, allowed: readonly string[]): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return {};
    }
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.fail(join(path, key), 'is not a known setting');
    return value as Record<string, Json>;
  }

  string(value: Json, path: string, pattern?: RegExp): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, 'must be a non-empty string');
      return '';
    }
    if (pattern && !pattern.test(value)) this.fail(path, `must match ${pattern}`);
    return value;
  }

  oneOf<T extends string>(value: Json, path: string, options: readonly T[]): T {
    if (typeof value !== 'string' || !options.includes(value as T)) {
      this.fail(path, `must be one of ${options.join(', ')}`);
      return options[0];
    }
    return value as T;
  }

  boolean(value: Json, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
      return false;
    }
    return value;
  }

  number(value: Json, path: string, { min = 0, integer = false, positive = false } = {}): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, 'must be a number');
      return 0;
    }
    if (integer && !Number.isInteger(value)) this.fail(path, 'must be a whole number');
    if (positive ? value <= 0 : value < min)
      this.fail(path, positive ? 'must be greater than 0' : `must be at least ${min}`);
    return value;
  }

  array<T>(value: Json, path: string, item: (value: Json, path: string) => T, { nonEmpty = false } = {}): T[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be a list');
      return [];
    }
    if (nonEmpty && value.length === 0) this.fail(path, 'must not be empty');
    return value.map((v, i) => item(v, `${path}[${i}]`));
  }

  date(value: Json, path: string): string {
    const text = this.string(value, path, /^\d{4}-\d{2}-\d{2}$/);
    if (text && Number.isNaN(Date.parse(`${text}T00:00:00Z`))) this.fail(path, 'is not a calendar date');
    return text;
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
