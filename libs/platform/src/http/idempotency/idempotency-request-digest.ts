import { canonicalJson } from '@lead/event-store';
import { createHash } from 'node:crypto';

/**
 * What a retry on the same `Idempotency-Key` must repeat to be answered again: method, path (with its query), the
 * `If-Match` precondition and the canonical body, as sha256 hex. `If-Match` is part of it because it is part of what
 * the write decides on: the same body on another revision is another request (422 `idempotency_key_reused`), not the
 * replay of one decided on the first.
 *
 * Without `If-Match` the text is the one digested before the precondition was included (`<method> <path>\n<body>`),
 * so the digests stored by earlier versions are still recognised. The line `if-match: …` cannot be mistaken for a
 * body: canonical JSON never begins with `i`, and neither a path nor a header value holds a line break.
 */
export function idempotencyRequestDigest(request: {
  method: string;
  path: string;
  ifMatch?: string;
  body: unknown;
}): string {
  const precondition = request.ifMatch === undefined ? '' : `if-match: ${request.ifMatch}\n`;
  return createHash('sha256')
    .update(`${request.method} ${request.path}\n${precondition}${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}
