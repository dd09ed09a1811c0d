import { SignJWT } from 'jose';
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Role } from '../roles.js';
import type { AccessSettings, TokenAlgorithm } from '../settings/access-settings.js';
import { developmentSigningKeyPem } from '../settings/development-token-keys.js';

export interface TokenClaims {
  subject: string;
  agency: string;
  roles: readonly (Role | string)[];
  jurisdictions: readonly string[];
}

export interface SignOptions {
  issuer: string;
  audience: string;
  lifetimeSeconds: number;
  /** Back-dates or post-dates `iat` (seconds relative to now), for tests of clock handling. */
  issuedAtOffsetSeconds?: number;
  notBeforeOffsetSeconds?: number;
}

/**
 * Signs bearer tokens with a private key: what an identity provider does. Used by the development
 * token CLI and by tests; a service itself never issues tokens.
 */
export class TokenSigner {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly algorithm: TokenAlgorithm,
  ) {}

  /** The committed development key (ES256): tokens every service accepts outside production. */
  static development(): TokenSigner {
    return new TokenSigner(createPrivateKey(developmentSigningKeyPem()), 'ES256');
  }

  async sign(claims: TokenClaims, options: SignOptions, extraClaims: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = now + (options.issuedAtOffsetSeconds ?? 0);
    const jwt = new SignJWT({
      agency: claims.agency,
      roles: [...claims.roles],
      jurisdictions: [...claims.jurisdictions],
      ...extraClaims,
    })
      .setProtectedHeader({ alg: this.algorithm, typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.lifetimeSeconds)
      .setJti(randomUUID());
    if (options.notBeforeOffsetSeconds !== undefined) jwt.setNotBefore(now + options.notBeforeOffsetSeconds);
    return jwt.sign(this.privateKey);
  }

  /**
   * Signs a claims set exactly as given, missing or mistyped claims included: for tests that a
   * verifier refuses what a careless identity provider might issue.
   */
  async signClaimsSet(payload: Record<string, unknown>): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: this.algorithm, typ: 'JWT' }).sign(this.privateKey);
  }

  /** Options matching a service's settings, with its longest allowed lifetime unless told otherwise. */
  static optionsFor(settings: AccessSettings, lifetimeSeconds = settings.AUTH_MAX_TOKEN_LIFETIME_SECONDS): SignOptions {
    return { issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE, lifetimeSeconds };
  }
}
