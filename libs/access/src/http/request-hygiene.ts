import { ProblemException, ProblemType, type FieldError } from '@lead/platform';
import { isInformantField } from './informant-fields.js';

/** No request of this backend nests deeper; deeper input only serves to exhaust recursive parsers. */
export const MAX_BODY_DEPTH = 32;

const INFORMANT_MESSAGE =
  'informant or source information is not accepted: LEAD is not a confidential-informant program';
const PROTOTYPE_MESSAGE = 'this key names a member of every JavaScript object and is not accepted';
const DEPTH_MESSAGE = `nests deeper than ${MAX_BODY_DEPTH} levels`;

/**
 * Keys no request may carry: `__proto__`, `constructor`, `prototype` and the other members of
 * `Object.prototype`. Object mappers skip or misread them, so they would be dropped silently (a
 * client never learns its field was ignored) or, worse, reach an object's prototype.
 */
export function isPrototypeKey(key: string): boolean {
  return key === 'prototype' || key === '__proto__' || Object.prototype.hasOwnProperty.call(Object.prototype, key);
}

/**
 * What no route may receive, whatever its DTO says: informant / source fields, prototype keys, and
 * hostile nesting, in the body or the query. Walked iteratively, so the walk itself cannot overflow.
 */
export function requestHygieneProblems(body: unknown, query: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const pending: { node: unknown; path: string; depth: number }[] = [
    { node: body, path: '', depth: 0 },
    { node: query, path: 'query', depth: 0 },
  ];
  while (pending.length > 0) {
    const { node, path, depth } = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ field: path, messages: [DEPTH_MESSAGE] });
      continue;
    }
    const isArray = Array.isArray(node);
    for (const key of Object.keys(node)) {
      const field = path === '' ? key : `${path}.${key}`;
      if (!isArray && isPrototypeKey(key)) problems.push({ field, messages: [PROTOTYPE_MESSAGE] });
      else if (!isArray && isInformantField(key)) problems.push({ field, messages: [INFORMANT_MESSAGE] });
      pending.push({ node: (node as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => a.field.localeCompare(b.field));
}

export function assertRequestHygiene(body: unknown, query: unknown): void {
  const problems = requestHygieneProblems(body, query);
  if (problems.length === 0) return;
  const fields = problems.map((problem) => problem.field).join(', ');
  throw new ProblemException({
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: `${problems.length === 1 ? 'Invalid field' : 'Invalid fields'}: ${fields}`,
    errors: problems,
  });
}
