import { randomUUID } from 'node:crypto';
import type { JsonSchema } from '../src/schema/json-schema.js';

/**
 * Builds a value a schema accepts, from the schema alone, so that tests can exercise every
 * contract version without a hand-written fixture per event (and notice a schema nothing can
 * satisfy). `withOptional: false` leaves optional properties out.
 */
export function instanceOf(schema: JsonSchema | boolean, options: { withOptional?: boolean } = {}): unknown {
  const withOptional = options.withOptional ?? true;
  if (typeof schema === 'boolean') return {};
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  // The first alternative: tests of a contract with alternatives build the others by hand.
  if (schema.oneOf !== undefined) return instanceOf(schema.oneOf[0]!, options);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return true;
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const count = Math.max(schema.minItems ?? 1, 1);
      if (schema.uniqueItems && items.enum) return items.enum.slice(0, count);
      return Array.from({ length: count }, () => instanceOf(items, options));
    }
    case 'object': {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => withOptional || required.has(name))
          .map(([name, property]) => [name, instanceOf(property, options)]),
      );
    }
    default:
      throw new Error(`instanceOf: cannot build a value for ${JSON.stringify(schema)}`);
  }
}

const FORMATS: Record<string, () => string> = {
  uuid: () => randomUUID(),
  date: () => '2024-03-05',
  'date-time': () => '2024-03-05T14:30:00Z',
};

/** Candidates tried against a pattern: the shapes of the codes the contracts use. */
const PATTERN_CANDIDATES = ['DPD', '2024-03', 'denver', 'x1'];

function stringFor(schema: JsonSchema): string {
  if (schema.format !== undefined) {
    const make = FORMATS[schema.format];
    if (!make) throw new Error(`instanceOf: no example for format ${schema.format}`);
    return make();
  }
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, 'u');
    const match = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate));
    if (match === undefined) throw new Error(`instanceOf: no example matches /${schema.pattern}/`);
    return match;
  }
  return 'x';
}
