import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { EventContract } from '../event-contract.js';
import type { JsonSchema } from '../schema/json-schema.js';

/** One reason a value does not match its schema. Never quotes the value: it could be personal data. */
export interface ValidationProblem {
  /** JSON Pointer into the validated object, e.g. `/data/referralId`; `` for the object itself. */
  path: string;
  message: string;
}

/**
 * Compiled validators for the envelope and every contract version, on one Ajv instance (draft
 * 2020-12, strict: an unknown keyword or format in a schema is an error, not silently ignored).
 * Only the formats the contracts use are registered, so a contract using another one fails at
 * compile time in the tests instead of validating nothing.
 */
export class ContractValidators {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true });
  private readonly byContract = new Map<string, ValidateFunction>();
  readonly envelope: (value: unknown) => ValidationProblem[];

  constructor(envelopeSchema: JsonSchema, contracts: readonly EventContract[]) {
    // ajv-formats is CommonJS: Node's ESM default import is `module.exports`, whose `default` is the plugin.
    formats.default(this.ajv, ['uuid', 'date', 'date-time']);
    this.envelope = this.compile(envelopeSchema);
    for (const contract of contracts) {
      this.byContract.set(key(contract.type, contract.version), this.ajv.compile(contract.schema));
    }
  }

  /** Problems of `data` against (type, version); undefined when no such contract was given. */
  data(type: string, version: number, data: unknown, pathPrefix = ''): ValidationProblem[] | undefined {
    const validate = this.byContract.get(key(type, version));
    if (!validate) return undefined;
    return validate(data) ? [] : problems(validate.errors, pathPrefix);
  }

  private compile(schema: JsonSchema): (value: unknown) => ValidationProblem[] {
    const validate = this.ajv.compile(schema);
    return (value) => (validate(value) ? [] : problems(validate.errors, ''));
  }
}

function key(type: string, version: number): string {
  return `${type}@${version}`;
}

function problems(errors: ErrorObject[] | null | undefined, pathPrefix: string): ValidationProblem[] {
  return (errors ?? []).map((error) => ({ path: pathPrefix + error.instancePath, message: describe(error) }));
}

/** Ajv's messages, made specific where Ajv keeps the detail in `params` (names from the schema only). */
function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `must not have property "${String(params.additionalProperty)}"`;
    case 'required':
      return `must have property "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
