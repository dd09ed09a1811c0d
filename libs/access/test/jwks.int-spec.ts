import { exportJWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenSigner } from '../src/authentication/token-signer.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

/** Verification keys from the identity provider's JWKS endpoint (AUTH_JWKS_URL) instead of a configured key. */
describe('tokens verified through a JWKS URL', () => {
  const idpKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const idp = new TokenSigner(idpKey.privateKey, 'RS256');
  let jwks: http.Server;
  let available = true;
  let app: ParticipantsApp;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(idpKey.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_request, response) => {
      if (!available) {
        response.statusCode = 503;
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    app = await startParticipantsApp({ env: { AUTH_JWKS_URL: url, AUTH_ISSUER: 'https://idp.example.org' } });
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const claims = { subject: 'officer-9', agency: 'DPD', roles: ['officer'], jurisdictions: ['denver'] };
  const options = { issuer: 'https://idp.example.org', audience: 'lead-backend', lifetimeSeconds: 600 };
  const me = (token: string) => fetch(`${app.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts tokens signed with a key of the set, and refuses the development key', async () => {
    expect((await me(await idp.sign(claims, options))).status).toBe(200);
    expect((await me(await TokenSigner.development().sign(claims, options))).status).toBe(401);
  });

  it('answers 503 while the key set cannot be fetched (the token may be fine: not a failed authentication)', async () => {
    available = false;
    const unreachable = await startParticipantsApp({
      env: {
        AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
        AUTH_ISSUER: 'https://idp.example.org',
      },
    });
    try {
      const response = await fetch(`${unreachable.url}/v1/me`, {
        headers: { authorization: `Bearer ${await idp.sign(claims, options)}` },
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ type: 'urn:lead:problem:authentication-unavailable' });
    } finally {
      available = true;
      await unreachable.close();
    }
  });
});
