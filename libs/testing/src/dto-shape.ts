import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';

/** One property of a request DTO, as its class-validator decorators describe it. */
export interface FieldShape {
  name: string;
  /** `@IsOptional()`: absent and null are accepted. */
  optional: boolean;
  /** Validator name → its constraints, for validators on the value itself. */
  rules: Map<string, unknown[]>;
  /** Validator name → constraints, for validators applied to each element (`{ each: true }`). */
  eachRules: Map<string, unknown[]>;
  /** `@ValidateNested()` with `@Type(() => X)`: the shape of X. */
  nested?: DtoShape;
}

export interface DtoShape {
  type: Function;
  fields: FieldShape[];
}

/**
 * Reads a DTO class's validation metadata (class-validator) and nested types (class-transformer's
 * `@Type`), so malformed requests can be generated from the same source the validation pipe uses.
 */
export function dtoShape(type: Function, seen: Set<Function> = new Set()): DtoShape {
  if (seen.has(type)) return { type, fields: [] };
  seen.add(type);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const fields = new Map<string, FieldShape>();
  for (const entry of metadata) {
    const field = fields.get(entry.propertyName) ?? {
      name: entry.propertyName,
      optional: false,
      rules: new Map<string, unknown[]>(),
      eachRules: new Map<string, unknown[]>(),
    };
    fields.set(entry.propertyName, field);
    if (entry.type === 'conditionalValidation' && entry.name === 'isOptional') field.optional = true;
    else if (entry.type === 'nestedValidation') {
      const nestedType = defaultMetadataStorage.findTypeMetadata(type, entry.propertyName)?.typeFunction();
      if (typeof nestedType === 'function') field.nested = dtoShape(nestedType as Function, seen);
    } else if (entry.name) {
      (entry.each ? field.eachRules : field.rules).set(entry.name, entry.constraints ?? []);
    }
  }
  return { type, fields: [...fields.values()] };
}

/** The largest string length the field's rules accept, if they bound it. */
export function maxLengthOf(field: FieldShape): number | undefined {
  const length = field.rules.get('isLength') as [number, number | undefined] | undefined;
  const max = field.rules.get('maxLength') as [number] | undefined;
  return length?.[1] ?? max?.[0];
}

export function minLengthOf(field: FieldShape): number | undefined {
  const length = field.rules.get('isLength') as [number, number | undefined] | undefined;
  const min = field.rules.get('minLength') as [number] | undefined;
  return length?.[0] ?? min?.[0];
}

const STRING_RULES = [
  'isString',
  'isLength',
  'maxLength',
  'minLength',
  'matches',
  'isIso8601',
  'isDateString',
  'isUuid',
  'isEmail',
  'isUrl',
];
const NUMBER_RULES = ['isInt', 'isNumber', 'min', 'max', 'isPositive'];

export type ValueKind = 'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'unknown';

/** What JSON type the field takes. */
export function kindOf(field: FieldShape): ValueKind {
  if (field.rules.has('isArray') || field.eachRules.size > 0) return 'array';
  if (field.nested) return 'object';
  if (field.rules.has('isIn') || field.rules.has('isEnum')) return 'enum';
  if (field.rules.has('isBoolean')) return 'boolean';
  if (NUMBER_RULES.some((rule) => field.rules.has(rule))) return 'number';
  if (STRING_RULES.some((rule) => field.rules.has(rule))) return 'string';
  if (field.rules.has('isObject')) return 'object';
  return 'unknown';
}
