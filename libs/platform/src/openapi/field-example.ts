/** The instant every derived date-time example names: in the past, so `IsNotInFuture` accepts it. */
export const EXAMPLE_INSTANT = '2025-03-04T21:15:00.000Z';
export const EXAMPLE_UUID = '3f0c2a8e-6b1d-4c5e-9a7f-2d4b6e8c1a90';

/**
 * An example for a property when its rules determine one that any valid request could carry: an enum's first value,
 * a boolean, a number within bounds, an instant, a uuid, an empty list. Free strings, patterns and dates of birth
 * need an example the DTO gives itself (`@ApiProperty({ example })`): a generated one would look like nothing an
 * integrator sends. Undefined when the rules do not determine one.
 */
export function exampleFor(options: Record<string, unknown>, isArray: boolean): unknown {
  if (isArray) return typeof options.minItems === 'number' && options.minItems > 0 ? undefined : [];
  if (Array.isArray(options.enum)) return options.enum[0];
  switch (options.type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const minimum = typeof options.minimum === 'number' ? options.minimum : 0;
      const maximum = typeof options.maximum === 'number' ? options.maximum : Number.MAX_SAFE_INTEGER;
      return Math.min(Math.max(1, minimum), maximum);
    }
    case 'string':
      if (options.pattern !== undefined) return undefined;
      if (options.format === 'date-time') return EXAMPLE_INSTANT;
      if (options.format === 'uuid') return EXAMPLE_UUID;
      return undefined;
    default:
      return undefined;
  }
}
