import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { Principal } from '../principal.js';
import {
  acceptedAlgorithms,
  parseVerificationKey,
  type AccessSettings,
  type TokenAlgorithm,
} from '../settings/access-settings.js';
import { developmentVerificationKeyPem } from '../settings/development-token-keys.js';
import { AuthenticationFailed, KeySetUnavailable, type AuthenticationFailureReason } from './authentication-failed.js';
import { principalFromClaims } from './token-claims.js';

export interface TokenVerifierOptions {
  /** A public key, or a key set lookup (JWKS). */
  keys: KeyObject | JWTVerifyGetKey;
  issuer: string;
  audience: string;
  algorithms: readonly TokenAlgorithm[];
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/**
 * Verifies signed bearer tokens (JWS compact, ES256 / RS256 only) and reads the caller from them.
 * Refused: unsigned (`none`) and symmetric tokens, a bad signature, a wrong issuer or audience, an
 * expired or not-yet-valid token, one issued in the future or too long ago, one whose lifetime
 * (`exp - iat`) exceeds the configured maximum, and claims of the wrong shape.
 */
export class TokenVerifier {
  constructor(private readonly options: TokenVerifierOptions) {}

  /** From the service's settings: the JWKS URL, else the configured key, else the development key. */
  static fromSettings(settings: AccessSettings, now?: () => Date): TokenVerifier {
    let keys: KeyObject | JWTVerifyGetKey;
    if (settings.AUTH_JWKS_URL !== undefined) {
      keys = unavailableAsSuch(
        createRemoteJWKSet(new URL(settings.AUTH_JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 }),
      );
    } else {
      const parsed = parseVerificationKey(settings.AUTH_PUBLIC_KEY ?? developmentVerificationKeyPem());
      if ('problem' in parsed) throw new Error(`AUTH_PUBLIC_KEY ${parsed.problem}`);
      keys = parsed.key;
    }
    return new TokenVerifier({
      keys,
      issuer: settings.AUTH_ISSUER,
      audience: settings.AUTH_AUDIENCE,
      algorithms: acceptedAlgorithms(settings),
      maxLifetimeSeconds: settings.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
      clockToleranceSeconds: settings.AUTH_CLOCK_TOLERANCE_SECONDS,
      ...(now ? { now } : {}),
    });
  }

  /**
   * @throws AuthenticationFailed with the reason the token was refused.
   * @throws KeySetUnavailable when the JWKS endpoint cannot be reached (not the caller's fault).
   */
  async verify(token: string): Promise<Principal> {
    const { keys, issuer, audience, algorithms, maxLifetimeSeconds, clockToleranceSeconds } = this.options;
    const now = this.options.now?.() ?? new Date();
    let payload: JWTPayload;
    try {
      const options = {
        issuer,
        audience,
        algorithms: [...algorithms],
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: maxLifetimeSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: now,
      };
      ({ payload } =
        typeof keys === 'function' ? await jwtVerify(token, keys, options) : await jwtVerify(token, keys, options));
    } catch (error) {
      throw refusal(error);
    }
    // jose checks the token's age (iat); the lifetime it was issued with is bounded here.
    if (payload.exp! - payload.iat! > maxLifetimeSeconds)
      throw new AuthenticationFailed('lifetime-too-long', payload.sub);
    return principalFromClaims(payload);
  }
}

/**
 * A key set lookup whose failures to fetch the set (network, non-200, bad JSON, timeout) surface as
 * `KeySetUnavailable`: the caller's token may be fine, so they must not be told 401 or counted
 * towards a lockout. "No key in the set matches" stays jose's verdict on the token.
 */
function unavailableAsSuch(lookup: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await lookup(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable(error);
    }
  };
}

function refusal(error: unknown): Error {
  if (error instanceof KeySetUnavailable) return error;
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationFailed(error.claim === 'iat' ? 'issued-at-invalid' : 'expired', subjectOf(error.payload));
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Record<string, AuthenticationFailureReason> = {
      nbf: 'not-yet-valid',
      iss: 'wrong-issuer',
      aud: 'wrong-audience',
      iat: 'issued-at-invalid',
      exp: 'claims-invalid',
    };
    return new AuthenticationFailed(byClaim[error.claim] ?? 'claims-invalid', subjectOf(error.payload));
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthenticationFailed('algorithm-not-allowed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationFailed('bad-signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthenticationFailed('unknown-key');
  }
  return new AuthenticationFailed('malformed');
}

/** Claims in a claim-validation error were signature-checked already; a subject there is genuine. */
function subjectOf(payload: JWTPayload): string | undefined {
  return typeof payload.sub === 'string' && payload.sub.length <= 256 ? payload.sub : undefined;
}
