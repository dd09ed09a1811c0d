import { loadConfig } from '@lead/platform';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { acceptedAlgorithms, AccessSettings, pseudonymKey, trustProxy, withAccessSettings } from './access-settings.js';
import {
  DEVELOPMENT_ISSUER,
  developmentPseudonymKey,
  developmentVerificationKeyPem,
} from './development-token-keys.js';

const realKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
  type: 'spki',
  format: 'pem',
}) as string;
const production = {
  NODE_ENV: 'production',
  AUTH_ISSUER: 'https://idp.example.org',
  AUTH_PUBLIC_KEY: realKey,
  DEIDENTIFICATION_KEY: randomBytes(32).toString('base64'),
};

describe('AccessSettings', () => {
  it('runs on the development keys outside production, with CJIS-minded defaults', () => {
    const settings = loadConfig(AccessSettings, {});
    expect(settings).toMatchObject({
      AUTH_ISSUER: DEVELOPMENT_ISSUER,
      AUTH_AUDIENCE: 'lead-backend',
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: 1800,
      AUTH_THROTTLE_BURST: 20,
      AUTH_THROTTLE_PER_MINUTE: 10,
      TRUST_PROXY: 'false',
      ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS: 60,
    });
    expect(acceptedAlgorithms(settings)).toEqual(['ES256', 'RS256']);
    expect(pseudonymKey(settings).equals(Buffer.from(developmentPseudonymKey(), 'base64'))).toBe(true);
  });

  it('starts in production with real keys', () => {
    expect(loadConfig(AccessSettings, production).AUTH_PUBLIC_KEY).toBe(realKey.trim());
    const { AUTH_PUBLIC_KEY: _key, ...withJwks } = production;
    expect(
      loadConfig(AccessSettings, { ...withJwks, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }).AUTH_JWKS_URL,
    ).toBeDefined();
  });

  it('refuses to start in production without real keys, naming every setting', () => {
    expect(() => loadConfig(AccessSettings, { NODE_ENV: 'production' }, 'referrals')).toThrow(
      new RegExp(
        [
          'Invalid configuration for referrals:',
          '  - AUTH_ISSUER must be your identity provider, not the development issuer, when NODE_ENV=production',
          '  - AUTH_PUBLIC_KEY or AUTH_JWKS_URL is required when NODE_ENV=production \\(the development key is refused there\\)',
          '  - DEIDENTIFICATION_KEY is required when NODE_ENV=production',
        ].join('\n'),
      ),
    );
  });

  it('refuses the committed development keys in production', () => {
    expect(() =>
      loadConfig(AccessSettings, { ...production, AUTH_PUBLIC_KEY: developmentVerificationKeyPem() }),
    ).toThrow(/AUTH_PUBLIC_KEY must not be the development key/);
    expect(() =>
      loadConfig(AccessSettings, { ...production, DEIDENTIFICATION_KEY: developmentPseudonymKey() }),
    ).toThrow(/DEIDENTIFICATION_KEY must not be the development key/);
  });

  it('accepts a PEM written with \\n escapes, and refuses keys it cannot verify ES256 / RS256 with', () => {
    expect(
      loadConfig(AccessSettings, { AUTH_PUBLIC_KEY: realKey.replace(/\n/g, '\\n') }).AUTH_PUBLIC_KEY,
    ).toBeDefined();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    expect(() => loadConfig(AccessSettings, { AUTH_PUBLIC_KEY: p384 })).toThrow(/AUTH_PUBLIC_KEY must be an EC P-256/);
    expect(() => loadConfig(AccessSettings, { AUTH_PUBLIC_KEY: 'hello' })).toThrow(
      /AUTH_PUBLIC_KEY must be a PEM public key/,
    );
  });

  it('refuses ambiguous or unsafe key sources and out-of-range limits', () => {
    expect(() =>
      loadConfig(AccessSettings, { AUTH_PUBLIC_KEY: realKey, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }),
    ).toThrow(/AUTH_PUBLIC_KEY and AUTH_JWKS_URL are both set/);
    expect(() => loadConfig(AccessSettings, { AUTH_JWKS_URL: 'http://idp.example.org/jwks' })).toThrow(
      /AUTH_JWKS_URL must be an https/,
    );
    expect(loadConfig(AccessSettings, { AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks' }).AUTH_JWKS_URL).toBe(
      'http://127.0.0.1:9/jwks',
    );
    expect(() => loadConfig(AccessSettings, { AUTH_ALGORITHMS: 'HS256' })).toThrow(
      /AUTH_ALGORITHMS must list ES256 and\/or RS256/,
    );
    expect(() => loadConfig(AccessSettings, { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '10' })).toThrow(/between 60 and 86400/);
    expect(() => loadConfig(AccessSettings, { AUTH_THROTTLE_BURST: '0' })).toThrow(
      /AUTH_THROTTLE_BURST must be an integer/,
    );
    for (const unsafe of ['true', 'yes', '*', '10.0.0.0/8; rm'])
      expect(() => loadConfig(AccessSettings, { TRUST_PROXY: unsafe })).toThrow(/TRUST_PROXY must be false/);
    expect(() => loadConfig(AccessSettings, { DEIDENTIFICATION_KEY: 'c2hvcnQ=' })).toThrow(/at least 32 bytes/);
  });

  it('reads TRUST_PROXY as Express takes it: off, a hop count, or a list of addresses and ranges', () => {
    const parsed = (value: string) => trustProxy(loadConfig(AccessSettings, { TRUST_PROXY: value }));
    expect(parsed('false')).toBe(false);
    expect(parsed('2')).toBe(2);
    expect(parsed('loopback, 10.0.0.0/8, fd00::/8')).toBe('loopback, 10.0.0.0/8, fd00::/8');
  });

  it('composes into a service config class', () => {
    class ServiceLike {
      HTTP_PORT = 3001;
    }
    class ReferralsLikeConfig extends withAccessSettings(ServiceLike) {}
    const config = loadConfig(ReferralsLikeConfig, { AUTH_AUDIENCE: 'referrals' });
    expect(config).toMatchObject({ HTTP_PORT: 3001, AUTH_AUDIENCE: 'referrals', AUTH_THROTTLE_BURST: 20 });
  });
});
