import { loadConfig } from '@lead/platform';
import { TokenVerifier } from '../authentication/token-verifier.js';
import { AccessSettings } from '../settings/access-settings.js';
import { issueTokenCommand } from './issue-token-command.js';

describe('issue-token CLI', () => {
  it('issues a development token that a service on the same environment accepts', async () => {
    const token = await issueTokenCommand(
      ['--role', 'officer', '--role', 'prosecutor', '--agency', 'DPD', '--jurisdiction', 'denver', '--lifetime', '600'],
      {},
    );
    const principal = await TokenVerifier.fromSettings(loadConfig(AccessSettings, {})).verify(token);
    expect(principal).toMatchObject({
      subject: 'officer-dev',
      agency: 'DPD',
      roles: ['officer', 'prosecutor'],
      jurisdictions: ['denver'],
    });
    expect(principal.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(600_000);
  });

  it('follows AUTH_ISSUER and AUTH_AUDIENCE', async () => {
    const env = { AUTH_ISSUER: 'urn:test-issuer', AUTH_AUDIENCE: 'reporting' };
    const token = await issueTokenCommand(['--role', 'auditor', '--agency', 'AUDIT', '--jurisdiction', 'denver'], env);
    await expect(TokenVerifier.fromSettings(loadConfig(AccessSettings, env)).verify(token)).resolves.toMatchObject({
      roles: ['auditor'],
    });
    await expect(TokenVerifier.fromSettings(loadConfig(AccessSettings, {})).verify(token)).rejects.toMatchObject({
      reason: 'wrong-issuer',
    });
  });

  it('explains what is wrong with the arguments', async () => {
    await expect(issueTokenCommand(['--role', 'sheriff', '--jurisdiction', 'Denver'], {})).rejects.toThrow(
      /--role sheriff is not one of[^\n]*\n--agency is required[^\n]*\n--jurisdiction Denver must be lower-case/,
    );
    await expect(
      issueTokenCommand(['--role', 'officer', '--agency', 'DPD', '--jurisdiction', 'denver', '--lifetime', '7200'], {}),
    ).rejects.toThrow(/--lifetime must be 1 to 1800 seconds/);
  });

  it('never issues development tokens in production', async () => {
    await expect(
      issueTokenCommand(['--role', 'officer', '--agency', 'DPD', '--jurisdiction', 'denver'], {
        NODE_ENV: 'production',
        AUTH_ISSUER: 'https://idp.example.org',
        AUTH_JWKS_URL: 'https://idp.example.org/jwks',
        DEIDENTIFICATION_KEY: Buffer.alloc(32, 9).toString('base64'),
      }),
    ).rejects.toThrow(/never issued with NODE_ENV=production/);
  });
});
