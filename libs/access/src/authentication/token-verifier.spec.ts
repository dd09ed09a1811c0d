import { base64url, SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { AuthenticationFailed, type AuthenticationFailureReason } from './authentication-failed.js';
import { TokenSigner, type TokenClaims } from './token-signer.js';
import { TokenVerifier } from './token-verifier.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuer = 'https://idp.example.org';
const audience = 'lead-backend';
const claims: TokenClaims = { subject: 'officer-7', agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] };
const options = { issuer, audience, lifetimeSeconds: 900 };

function verifier(overrides: Partial<ConstructorParameters<typeof TokenVerifier>[0]> = {}) {
  return new TokenVerifier({
    keys: ec.publicKey,
    issuer,
    audience,
    algorithms: ['ES256', 'RS256'],
    maxLifetimeSeconds: 1800,
    clockToleranceSeconds: 30,
    ...overrides,
  });
}

async function refusal(token: string, v = verifier()): Promise<AuthenticationFailed> {
  try {
    await v.verify(token);
  } catch (error) {
    if (error instanceof AuthenticationFailed) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

const signer = new TokenSigner(ec.privateKey, 'ES256');
const now = () => Math.floor(Date.now() / 1000);

describe('TokenVerifier', () => {
  it('reads the caller from a valid ES256 token', async () => {
    const principal = await verifier().verify(await signer.sign(claims, options));
    expect(principal).toMatchObject({
      subject: 'officer-7',
      agency: 'DPD',
      roles: ['officer'],
      jurisdictions: ['denver'],
    });
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(principal.tokenId).toEqual(expect.any(String));
  });

  it('accepts RS256 with an RSA key, and drops roles it does not know', async () => {
    const token = await new TokenSigner(rsa.privateKey, 'RS256').sign(
      { ...claims, roles: ['officer', 'jail_admin'] },
      options,
    );
    const principal = await verifier({ keys: rsa.publicKey }).verify(token);
    expect(principal.roles).toEqual(['officer']);
  });

  const cases: [string, () => Promise<string>, AuthenticationFailureReason, boolean][] = [
    [
      'unsigned (alg none)',
      async () =>
        `${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify({ sub: 'x', iss: issuer, aud: audience, iat: now(), exp: now() + 60 }))}.`,
      'algorithm-not-allowed',
      false,
    ],
    [
      'HS256 keyed with the public key',
      async () =>
        new SignJWT({ agency: 'DPD', roles: [], jurisdictions: [] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(ec.publicKey.export({ type: 'spki', format: 'pem' }) as string)),
      'algorithm-not-allowed',
      false,
    ],
    [
      'signed by another key',
      async () =>
        new TokenSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256').sign(claims, options),
      'bad-signature',
      false,
    ],
    [
      'expired',
      async () => signer.sign(claims, { ...options, issuedAtOffsetSeconds: -1000, lifetimeSeconds: 600 }),
      'expired',
      true,
    ],
    [
      'not yet valid',
      async () => signer.sign(claims, { ...options, notBeforeOffsetSeconds: 600 }),
      'not-yet-valid',
      true,
    ],
    [
      'issued in the future',
      async () => signer.sign(claims, { ...options, issuedAtOffsetSeconds: 600 }),
      'issued-at-invalid',
      true,
    ],
    [
      'issued longer ago than the maximum lifetime',
      async () => signer.sign(claims, { ...options, issuedAtOffsetSeconds: -2000, lifetimeSeconds: 2100 }),
      'issued-at-invalid',
      true,
    ],
    [
      'lifetime over the maximum',
      async () => signer.sign(claims, { ...options, lifetimeSeconds: 3600 }),
      'lifetime-too-long',
      true,
    ],
    [
      'wrong issuer',
      async () => signer.sign(claims, { ...options, issuer: 'https://evil.example.org' }),
      'wrong-issuer',
      true,
    ],
    [
      'wrong audience',
      async () => signer.sign(claims, { ...options, audience: 'another-api' }),
      'wrong-audience',
      true,
    ],
    [
      'an e-mail address as subject (staff ids are opaque)',
      async () => signer.sign({ ...claims, subject: 'ada.four@denverda.org' }, options),
      'claims-invalid',
      false,
    ],
    ['roles not a list', async () => signer.sign(claims, options, { roles: 'officer' }), 'claims-invalid', true],
    // The agency, the subject and the jurisdictions travel in published events: a shape the contracts refuse
    // (libs/contracts identifiers) would be stored and then never published.
    [
      'an agency starting with _',
      async () => signer.sign({ ...claims, agency: '_DPD' }, options),
      'claims-invalid',
      true,
    ],
    [
      'an agency longer than a configured code',
      async () => signer.sign({ ...claims, agency: 'D'.repeat(65) }, options),
      'claims-invalid',
      true,
    ],
    [
      'a subject the contracts cannot publish as a staff id',
      async () => signer.sign({ ...claims, subject: '_officer-7' }, options),
      'claims-invalid',
      false,
    ],
    [
      'a jurisdiction the envelope refuses (trailing -)',
      async () => signer.sign(claims, options, { jurisdictions: ['denver-'] }),
      'claims-invalid',
      true,
    ],
    [
      'a jurisdiction the envelope refuses (double -)',
      async () => signer.sign(claims, options, { jurisdictions: ['denver', 'adams--county'] }),
      'claims-invalid',
      true,
    ],
    [
      'jurisdiction with upper case',
      async () => signer.sign(claims, options, { jurisdictions: ['Denver'] }),
      'claims-invalid',
      true,
    ],
    [
      'no agency',
      async () =>
        signer.signClaimsSet({
          sub: 'officer-7',
          roles: ['officer'],
          jurisdictions: [],
          iss: issuer,
          aud: audience,
          iat: now(),
          exp: now() + 60,
        }),
      'claims-invalid',
      true,
    ],
    [
      'no subject',
      async () =>
        signer.signClaimsSet({
          agency: 'DPD',
          roles: [],
          jurisdictions: [],
          iss: issuer,
          aud: audience,
          iat: now(),
          exp: now() + 60,
        }),
      'claims-invalid',
      false,
    ],
    [
      'no expiry',
      async () =>
        signer.signClaimsSet({
          sub: 'officer-7',
          agency: 'DPD',
          roles: [],
          jurisdictions: [],
          iss: issuer,
          aud: audience,
          iat: now(),
        }),
      'claims-invalid',
      true,
    ],
    ['garbage', async () => 'not.a.token', 'malformed', false],
  ];

  it.each(cases)('refuses a token: %s', async (_name, token, reason, subjectKnown) => {
    const error = await refusal(await token());
    expect(error.reason).toBe(reason);
    // Only a verified signature may name a subject (lockout per subject must not be forgeable).
    expect(error.verifiedSubject).toBe(subjectKnown ? 'officer-7' : undefined);
  });

  it('accepts the identifiers the contracts publish', async () => {
    const principal = await verifier().verify(
      await signer.sign(
        { ...claims, subject: 'auth0:officer.7', agency: 'EVAL-U', jurisdictions: ['adams-county', 'denver'] },
        options,
      ),
    );
    expect(principal).toMatchObject({ subject: 'auth0:officer.7', agency: 'EVAL-U' });
  });

  it('refuses an algorithm the configuration does not list', async () => {
    const token = await new TokenSigner(rsa.privateKey, 'RS256').sign(claims, options);
    expect((await refusal(token, verifier({ keys: rsa.publicKey, algorithms: ['ES256'] }))).reason).toBe(
      'algorithm-not-allowed',
    );
  });

  it('tolerates the configured clock skew, and no more', async () => {
    const skewed = await signer.sign(claims, { ...options, issuedAtOffsetSeconds: 20 });
    await expect(verifier().verify(skewed)).resolves.toMatchObject({ subject: 'officer-7' });
    expect((await refusal(skewed, verifier({ clockToleranceSeconds: 0 }))).reason).toBe('issued-at-invalid');
  });
});
