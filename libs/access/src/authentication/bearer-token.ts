/** RFC 6750 b64token; a JWS in compact form always fits it. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
/** Real tokens are well under this; a bigger one is refused without parsing it. */
const MAX_TOKEN_LENGTH = 8192;

export type BearerToken = { kind: 'absent' } | { kind: 'malformed' } | { kind: 'present'; token: string };

/** Reads the bearer token of an `Authorization` header value. */
export function bearerToken(header: string | string[] | undefined): BearerToken {
  if (header === undefined) return { kind: 'absent' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const match = BEARER.exec(header.trim());
  if (!match || match[1].length > MAX_TOKEN_LENGTH) return { kind: 'malformed' };
  return { kind: 'present', token: match[1] };
}
