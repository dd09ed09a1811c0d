import { isProduction, KeySetting, type Constructor } from '@lead/crypto';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  DEVELOPMENT_ISSUER,
  developmentKeyOrUndefined,
  developmentPseudonymKey,
  developmentVerificationKeyPem,
} from './development-token-keys.js';

/** The signature algorithms the issue allows; `none` and symmetric (HS*) algorithms are never accepted. */
export const TOKEN_ALGORITHMS = ['ES256', 'RS256'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

const INTEGER_IN = (low: number, high: number) => ({
  message: `$property must be an integer between ${low} and ${high}`,
});

/** Environment variables may hold a PEM with its line breaks written as `\n`. */
export function pemFromSetting(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

/** Reads a PEM public key, or says why it is not one this backend can verify tokens with. */
export function parseVerificationKey(pem: string): { key: KeyObject } | { problem: string } {
  let key: KeyObject;
  try {
    key = createPublicKey(pemFromSetting(pem));
  } catch {
    return { problem: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return { key };
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) return { key };
  return { problem: 'must be an EC P-256 (ES256) or RSA ≥ 2048-bit (RS256) public key' };
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

const TRUST_PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]{2,45}(?:\/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(
  String.raw`^(?:false|\d{1,2}|${TRUST_PROXY_ENTRY}(?:\s*,\s*${TRUST_PROXY_ENTRY})*)$`,
);

function checkIssuer(value: unknown, settings: object): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must not be empty';
  if (isProduction(settings) && value === DEVELOPMENT_ISSUER)
    return 'must be your identity provider, not the development issuer, when NODE_ENV=production';
  return undefined;
}

function checkPublicKey(value: unknown, settings: object): string | undefined {
  const jwksUrl = (settings as { AUTH_JWKS_URL?: string }).AUTH_JWKS_URL;
  if (value === undefined) {
    return isProduction(settings) && jwksUrl === undefined
      ? 'or AUTH_JWKS_URL is required when NODE_ENV=production (the development key is refused there)'
      : undefined;
  }
  if (jwksUrl !== undefined) return 'and AUTH_JWKS_URL are both set; set one of them';
  const parsed = parseVerificationKey(String(value));
  if ('problem' in parsed) return parsed.problem;
  if (isProduction(settings)) {
    const developmentPem = developmentKeyOrUndefined(developmentVerificationKeyPem);
    if (developmentPem !== undefined && sameKey(parsed.key, createPublicKey(developmentPem))) {
      return 'must not be the development key from config/dev-keys when NODE_ENV=production';
    }
  }
  return undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function checkJwksUrl(value: unknown, settings: object): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol === 'https:') return undefined;
  // Plain HTTP would let anyone on the path swap the keys; tolerated only for a local test issuer.
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname) && !isProduction(settings)) return undefined;
  return 'must be an https:// URL (http:// only for localhost outside production)';
}

function checkPseudonymKey(value: unknown, settings: object): string | undefined {
  if (value === undefined)
    return isProduction(settings) ? 'is required when NODE_ENV=production (≥ 32 bytes, base64)' : undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length < 32) {
    return 'must be at least 32 bytes, base64-encoded (openssl rand -base64 32)';
  }
  if (isProduction(settings) && value === developmentKeyOrUndefined(developmentPseudonymKey)) {
    return 'must not be the development key from config/dev-keys when NODE_ENV=production';
  }
  return undefined;
}

/**
 * Adds the access settings (bearer tokens, lockout, de-identification) to a service's config class:
 * `class ReferralsConfig extends withAccessSettings(ServiceConfig) { … }`. Outside production every
 * key setting may stay unset and the committed development keys are used; with `NODE_ENV=production`
 * the service refuses to start until real keys are configured, naming each missing one.
 */
export function withAccessSettings<TBase extends Constructor>(Base: TBase) {
  class AccessSettingsMixin extends Base {
    /** `production` refuses the development keys and issuer. */
    @IsOptional()
    @IsString()
    NODE_ENV?: string;

    /** The `iss` every token must carry. */
    @KeySetting(checkIssuer)
    AUTH_ISSUER: string = DEVELOPMENT_ISSUER;

    /** The `aud` every token must carry (one of its audiences). */
    @IsNotEmpty({ message: '$property must not be empty' })
    AUTH_AUDIENCE: string = 'lead-backend';

    /** PEM public key (EC P-256 or RSA) tokens are signed with; `\n` escapes allowed. Or use AUTH_JWKS_URL. */
    @KeySetting(checkPublicKey)
    AUTH_PUBLIC_KEY?: string;

    /** The identity provider's JSON Web Key Set, fetched and cached (keys rotate without a restart). */
    @KeySetting(checkJwksUrl)
    AUTH_JWKS_URL?: string;

    /** Accepted signature algorithms, comma-separated, among ES256 and RS256. */
    @Matches(/^(ES256|RS256)(,(ES256|RS256))*$/, { message: '$property must list ES256 and/or RS256, comma-separated' })
    AUTH_ALGORITHMS: string = 'ES256,RS256';

    /** Longest accepted token lifetime (`exp - iat`), and oldest accepted `iat`. CJIS: ≤ 30 minutes. */
    @IsInt(INTEGER_IN(60, 86400))
    @Min(60, INTEGER_IN(60, 86400))
    @Max(86400, INTEGER_IN(60, 86400))
    AUTH_MAX_TOKEN_LIFETIME_SECONDS = 1800;

    /** Clock difference tolerated between the identity provider and this service. */
    @IsInt(INTEGER_IN(0, 300))
    @Min(0, INTEGER_IN(0, 300))
    @Max(300, INTEGER_IN(0, 300))
    AUTH_CLOCK_TOLERANCE_SECONDS = 30;

    /**
     * Requests refused before authentication (no or a bad token, an unreadable request) one client address may make
     * at once; beyond it the address is throttled (429). A caller with a valid token is never throttled.
     */
    @IsInt(INTEGER_IN(1, 1_000_000))
    @Min(1, INTEGER_IN(1, 1_000_000))
    @Max(1_000_000, INTEGER_IN(1, 1_000_000))
    AUTH_THROTTLE_BURST = 20;

    /** The rate at which a throttled address gets refused requests back, per minute. */
    @IsInt(INTEGER_IN(1, 1_000_000))
    @Min(1, INTEGER_IN(1, 1_000_000))
    @Max(1_000_000, INTEGER_IN(1, 1_000_000))
    AUTH_THROTTLE_PER_MINUTE = 10;

    /**
     * Which hops in front of the service are proxies whose `X-Forwarded-For` is believed (Express's `trust proxy`):
     * `false` (none: the client is the connection's peer), a hop count, or a comma-separated list of addresses,
     * CIDR ranges and `loopback` / `linklocal` / `uniquelocal`. `true` is refused: it believes any client's header.
     */
    @Matches(TRUST_PROXY_PATTERN, {
      message:
        '$property must be false, a hop count, or a comma-separated list of addresses, CIDR ranges and named ranges',
    })
    TRUST_PROXY: string = 'false';

    /** The window refused requests are counted in: the access audit gets one event per address per window. */
    @IsInt(INTEGER_IN(1, 3600))
    @Min(1, INTEGER_IN(1, 3600))
    @Max(3600, INTEGER_IN(1, 3600))
    ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS = 60;

    /**
     * Participant histories (the auditor's journey and accounting routes, each a pass over the whole log) one
     * replica reads at once, one per caller: beyond it a request is answered 429, so one client cannot hold the
     * store busy for everyone.
     */
    @IsInt(INTEGER_IN(1, 64))
    @Min(1, INTEGER_IN(1, 64))
    @Max(64, INTEGER_IN(1, 64))
    AUDIT_HISTORY_SCANS_CONCURRENT = 2;

    /** Keys the HMAC that turns participant ids into evaluator pseudonyms (base64, ≥ 32 bytes). */
    @KeySetting(checkPseudonymKey)
    DEIDENTIFICATION_KEY?: string;
  }
  return AccessSettingsMixin;
}

/** The access settings on their own; `AccessModule` loads them from the environment. */
export class AccessSettings extends withAccessSettings(class {}) {}

/** The parsed `TRUST_PROXY`: what Express's `trust proxy` setting is given. */
export function trustProxy(settings: AccessSettings): false | number | string {
  const value = settings.TRUST_PROXY.trim();
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function acceptedAlgorithms(settings: AccessSettings): TokenAlgorithm[] {
  return settings.AUTH_ALGORITHMS.split(',') as TokenAlgorithm[];
}

/** The pseudonym key in force: the configured one, else (outside production) the development key. */
export function pseudonymKey(settings: AccessSettings): Buffer {
  if (settings.DEIDENTIFICATION_KEY !== undefined) return Buffer.from(settings.DEIDENTIFICATION_KEY, 'base64');
  if (isProduction(settings)) throw new Error('DEIDENTIFICATION_KEY is required when NODE_ENV=production');
  return Buffer.from(developmentPseudonymKey(), 'base64');
}
