import { ApiProperty, DECORATORS, type ApiPropertyOptions } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import { exampleFor } from './field-example.js';

/** The rules of one property, as its class-validator decorators state them. */
export interface FieldRules {
  optional: boolean;
  /** Validator name → constraints, for rules on the value itself. */
  rules: Map<string, unknown[]>;
  /** Validator name → constraints, for rules on each element (`{ each: true }`). */
  eachRules: Map<string, unknown[]>;
  /** What a refusal says, without `$property`: the constraint in words, e.g. "must be a district id". */
  messages: string[];
  /** `@ValidateNested()` with class-transformer's `@Type(() => X)`: X. */
  nested?: Function;
}

/** Every validated property of a DTO class (inherited ones included), with its rules. */
export function fieldRulesOf(type: Function): Map<string, FieldRules> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const fields = new Map<string, FieldRules>();
  for (const entry of metadata) {
    let field = fields.get(entry.propertyName);
    if (!field) {
      field = { optional: false, rules: new Map(), eachRules: new Map(), messages: [] };
      fields.set(entry.propertyName, field);
    }
    // A DTO's own messages say what a pattern means ("must be a district id"): the best description there is.
    if (
      entry.type === 'customValidation' &&
      typeof entry.message === 'string' &&
      entry.message.startsWith('$property ')
    )
      field.messages.push(entry.message.slice('$property '.length));
    if (entry.type === 'conditionalValidation' && entry.name === 'isOptional') field.optional = true;
    else if (entry.type === 'nestedValidation') {
      const nested = defaultMetadataStorage.findTypeMetadata(type, entry.propertyName)?.typeFunction();
      if (typeof nested === 'function') field.nested = nested as Function;
    } else if (entry.name) {
      (entry.each ? field.eachRules : field.rules).set(entry.name, entry.constraints ?? []);
    }
  }
  return fields;
}

const STRING_RULES = ['isString', 'isLength', 'maxLength', 'minLength', 'matches', 'isInstant', 'isUuid', 'isIso8601'];

/**
 * What the OpenAPI document says of one property: type, format, enum, pattern, bounds, required-ness, and an
 * example. Derived from the validation rules, so the document states exactly what the validation pipe enforces:
 * the Nest Swagger CLI plugin would do the same at compile time, but it needs `@nestjs/cli` (Node 22).
 */
export function propertyOptionsOf(field: FieldRules): ApiPropertyOptions {
  const { rules } = field;
  const options: Record<string, unknown> = { required: !field.optional };
  const isArray = rules.has('isArray') || field.eachRules.size > 0;
  const valueRules = isArray ? field.eachRules : rules;
  if (field.nested) {
    options.type = field.nested;
  } else Object.assign(options, scalarOptions(valueRules));
  if (isArray) {
    options.isArray = true;
    const maxItems = rules.get('arrayMaxSize')?.[0];
    if (typeof maxItems === 'number') options.maxItems = maxItems;
    const minItems = rules.get('arrayMinSize')?.[0];
    if (typeof minItems === 'number') options.minItems = minItems;
  }
  if (field.messages.length > 0) options.description = [...new Set(field.messages)].join('; ');
  const example = exampleFor(options, isArray);
  if (example !== undefined) options.example = example;
  return options as ApiPropertyOptions;
}

function scalarOptions(rules: Map<string, unknown[]>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const allowed = (rules.get('isIn') ?? rules.get('isEnum'))?.[0];
  if (Array.isArray(allowed)) {
    options.enum = [...allowed];
    options.type = typeof allowed[0] === 'number' ? 'number' : 'string';
  } else if (rules.has('isBoolean')) options.type = 'boolean';
  else if (rules.has('isInt')) options.type = 'integer';
  else if (rules.has('isNumber')) options.type = 'number';
  else if (rules.has('isObject')) options.type = 'object';
  else if (STRING_RULES.some((rule) => rules.has(rule))) options.type = 'string';

  if (rules.has('isInstant')) options.format = 'date-time';
  if (rules.has('isUuid')) options.format = 'uuid';
  const pattern = rules.get('matches')?.[0];
  if (pattern instanceof RegExp) options.pattern = pattern.source;
  else if (typeof pattern === 'string') options.pattern = pattern;
  if (rules.has('isIso8601') && !rules.has('isInstant') && options.pattern === undefined) options.format = 'date-time';
  if (
    rules.has('isIso8601') &&
    typeof options.pattern === 'string' &&
    /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/.test(options.pattern)
  )
    options.format = 'date';

  const [minLength, maxLength] = (rules.get('isLength') ?? []) as [number?, number?];
  const min = rules.get('minLength')?.[0] ?? minLength;
  const max = rules.get('maxLength')?.[0] ?? maxLength;
  if (typeof min === 'number') options.minLength = min;
  if (typeof max === 'number') options.maxLength = max;
  const minimum = rules.get('min')?.[0];
  const maximum = rules.get('max')?.[0];
  if (typeof minimum === 'number') options.minimum = minimum;
  if (typeof maximum === 'number') options.maximum = maximum;
  return options;
}

/**
 * Describes a DTO class (and, through `@ValidateNested`, the classes it nests) for @nestjs/swagger from its
 * class-validator rules. What a property's own `@ApiProperty(...)` states wins: that is how a DTO gives an example
 * the rules cannot (a name, a code matching a pattern). Idempotent, so several apps of one process may describe the
 * same class.
 */
export function describeValidatedModel(type: Function, described: Set<Function> = new Set()): void {
  if (described.has(type)) return;
  described.add(type);
  for (const [property, field] of fieldRulesOf(type)) {
    if (field.nested) describeValidatedModel(field.nested, described);
    const prototype = type.prototype as object;
    const stated = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) as object | undefined;
    ApiProperty({ ...propertyOptionsOf(field), ...stated } as ApiPropertyOptions)(prototype, property);
  }
}
