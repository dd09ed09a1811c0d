import type { AppendRefused } from '@lead/event-store';
import { ProblemType, type FieldError, type ProblemDescription } from './problem-details.js';

/**
 * An append its service's publication refused (`AppendRefused`: the event could not become a contract-valid
 * integration event), answered where the input caused it: every refused value that the request body carried names
 * that body field, and the answer is a 400 like any validation failure. Nothing was stored either way. A refusal
 * that no body field explains is the code's fault: `undefined`, and the caller answers 500 and logs it as a bug.
 */
export function appendRefusedProblem(refusal: AppendRefused, body: unknown): ProblemDescription | undefined {
  const errors: FieldError[] = [];
  for (const problem of refusal.problems) {
    if (problem.value === undefined) return undefined;
    const fields = fieldsHolding(body, problem.value);
    if (fields.length === 0) return undefined;
    for (const field of fields) {
      const message = `cannot be recorded: the published ${refusal.eventType} would not be valid (${problem.message})`;
      const existing = errors.find((error) => error.field === field);
      if (existing) existing.messages.push(message);
      else errors.push({ field, messages: [message] });
    }
  }
  if (errors.length === 0) return undefined;
  return {
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: `Invalid field(s): ${errors.map((error) => error.field).join(', ')}`,
    errors,
  };
}

/** Dotted paths (`steps.0.at`) of the body's leaves equal to `value`. */
function fieldsHolding(body: unknown, value: unknown, path = ''): string[] {
  if (body === null || typeof body !== 'object') return path && sameValue(body, value) ? [path] : [];
  return Object.entries(body as Record<string, unknown>).flatMap(([key, child]) =>
    fieldsHolding(child, value, path ? `${path}.${key}` : key),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b);
}
