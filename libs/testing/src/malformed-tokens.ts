import { SignJWT, base64url } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AccessSettings, TokenClaims, TokenSigner } from '@lead/access';
import type { SeededRandom } from './seeded-random.js';

/** One request authorization that must be refused, and how. */
export interface TokenCase {
  description: string;
  /** The `Authorization` header value; undefined sends none. */
  authorization: string | undefined;
  /** 401 for every unacceptable token; 403 for a genuine token granting no allowed role. */
  expectedStatus: 401 | 403;
}

export interface TokenFactory {
  signer: TokenSigner;
  settings: AccessSettings;
  /** Claims of a caller the endpoint accepts (an allowed role, the right jurisdiction). */
  claims: TokenClaims;
}

function encode(part: unknown): string {
  return base64url.encode(JSON.stringify(part));
}

function claimsPayload(claims: TokenClaims, settings: AccessSettings, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: claims.subject,
    agency: claims.agency,
    roles: [...claims.roles],
    jurisdictions: [...claims.jurisdictions],
    iss: settings.AUTH_ISSUER,
    aud: settings.AUTH_AUDIENCE,
    iat: now,
    exp: now + 300,
    ...overrides,
  };
}

async function signWith(key: KeyObject | Uint8Array, alg: string, payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

/**
 * Tokens that must not get through, for any write endpoint: unsigned (`alg: none`), signed by keys
 * the service does not trust or with algorithms it does not allow (HS256 keyed with its public key:
 * algorithm confusion), expired, not yet valid, issued in the future, living too long, for another
 * issuer or audience, with claims missing or mistyped, tampered header / payload / signature (every
 * flipped bit must be caught), and garbage in the header itself.
 */
export async function malformedTokens(
  factory: TokenFactory,
  count: number,
  random: SeededRandom,
): Promise<TokenCase[]> {
  const { signer, settings, claims } = factory;
  const valid = await signer.sign(claims, {
    issuer: settings.AUTH_ISSUER,
    audience: settings.AUTH_AUDIENCE,
    lifetimeSeconds: 300,
  });
  const [header, payload, signature] = valid.split('.');
  const sign = (overrides: Record<string, unknown>) =>
    signer.sign(
      claims,
      { issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, lifetimeSeconds: 300 },
      overrides,
    );
  const bearer = (token: string) => `Bearer ${token}`;
  const cases: TokenCase[] = [];
  const add = (description: string, authorization: string | undefined, expectedStatus: 401 | 403 = 401) =>
    cases.push({ description, authorization, expectedStatus });

  add('no Authorization header', undefined);
  for (const value of [
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    `Token ${valid}`,
    valid,
    `Bearer ${valid} ${valid}`,
    `Bearer  ${valid}x`,
    'Bearer a.b',
    'Bearer a.b.c',
    'Bearer ...',
    'Bearer ' + 'A'.repeat(9000),
    `Bearer ${header}.${payload}`,
    `Bearer ${header}..${signature}`,
    `Bearer ${valid}.extra`,
  ]) {
    add(`header ${JSON.stringify(value.slice(0, 30))}`, value);
  }

  const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claimsPayload(claims, settings))}.`;
  add('alg none', bearer(unsigned));
  add('alg None with the original signature', bearer(`${encode({ alg: 'None' })}.${payload}.${signature}`));
  const publicPem = new TextEncoder().encode(settings.AUTH_PUBLIC_KEY ?? 'the service public key');
  add(
    'HS256 keyed with the public key (algorithm confusion)',
    bearer(await signWith(publicPem, 'HS256', claimsPayload(claims, settings))),
  );
  const strangerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  add('ES256 signed by an untrusted key', bearer(await signWith(strangerEc, 'ES256', claimsPayload(claims, settings))));
  const strangerRsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  add(
    'RS256 signed by an untrusted key',
    bearer(await signWith(strangerRsa, 'RS256', claimsPayload(claims, settings))),
  );
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  add('ES384 (algorithm not allowed)', bearer(await signWith(p384, 'ES384', claimsPayload(claims, settings))));

  const now = Math.floor(Date.now() / 1000);
  const lifetime = settings.AUTH_MAX_TOKEN_LIFETIME_SECONDS;
  const variants: [string, Record<string, unknown>, (401 | 403)?][] = [
    ['expired', { iat: now - 7200, exp: now - 3600 }],
    ['not valid yet', { nbf: now + 3600 }],
    ['issued in the future', { iat: now + 3600, exp: now + 3900 }],
    ['issued too long ago', { iat: now - lifetime - 600, exp: now + 60 }],
    ['lifetime over the maximum', { iat: now, exp: now + lifetime + 60 }],
    ['wrong issuer', { iss: 'https://issuer.example.org' }],
    ['wrong audience', { aud: 'some-other-api' }],
    ['no subject', { sub: undefined }],
    ['empty subject', { sub: '' }],
    ['no expiry', { exp: undefined }],
    ['no issued-at', { iat: undefined }],
    ['no agency', { agency: undefined }],
    ['agency of wrong type', { agency: ['DPD'] }],
    ['roles not a list', { roles: 'case_manager' }],
    ['roles of wrong type', { roles: [1, 2] }],
    ['jurisdictions not a list', { jurisdictions: 'denver' }],
    ['jurisdiction with odd characters', { jurisdictions: ['Denver County!'] }],
    ['only roles this backend does not know', { roles: ['superuser', 'root'] }, 403],
    ['no roles at all', { roles: [] }, 403],
  ];
  for (const [description, overrides, expected] of variants) {
    const payloadOverrides = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    const removed = Object.keys(overrides).filter((key) => overrides[key] === undefined);
    const body: Record<string, unknown> = claimsPayload(claims, settings, payloadOverrides);
    for (const key of removed) delete body[key];
    const token = await signer.signClaimsSet(body);
    add(`genuine signature, ${description}`, bearer(token), expected ?? 401);
  }
  add(
    'payload escalated to program_admin, original signature',
    bearer(
      `${header}.${encode({ ...claimsPayload(claims, settings), roles: ['program_admin', 'case_manager'] })}.${signature}`,
    ),
  );
  add(
    'header swapped to another key id, original signature',
    bearer(`${encode({ alg: 'ES256', kid: 'other' })}.${payload}.${signature}`),
  );
  add('signature of another token', bearer(`${header}.${payload}.${(await sign({ extra: 1 })).split('.')[2]}`));

  // Bit flips: every flipped bit of the signature or payload bytes must be caught.
  const signatureBytes = base64url.decode(signature);
  const payloadBytes = base64url.decode(payload);
  const remaining = () => count - cases.length;
  const flips = Math.max(0, Math.floor(remaining() * 0.6));
  for (let i = 0; i < flips; i++) {
    const inSignature = i % 3 !== 2;
    const bytes = Uint8Array.from(inSignature ? signatureBytes : payloadBytes);
    const bit = random.int(bytes.length * 8);
    bytes[bit >> 3] ^= 1 << (bit & 7);
    const flipped = base64url.encode(bytes);
    add(
      `bit ${bit} of the ${inSignature ? 'signature' : 'payload'} flipped`,
      bearer(inSignature ? `${header}.${payload}.${flipped}` : `${header}.${flipped}.${signature}`),
    );
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const garbage = (length: number) => Array.from({ length }, () => random.pick([...alphabet])).join('');
  while (cases.length < count) {
    const parts = 1 + random.int(4);
    add('random segments', bearer(Array.from({ length: parts }, () => garbage(1 + random.int(120))).join('.')));
  }
  return cases;
}
