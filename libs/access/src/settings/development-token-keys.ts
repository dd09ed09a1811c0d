import { readDevelopmentKey } from '@lead/crypto';

/**
 * The committed ES256 key pair (config/dev-keys) that lets `npm run token` mint tokens the services
 * accept out of the box. Public knowledge: refused when `NODE_ENV=production`.
 */
export const DEVELOPMENT_SIGNING_KEY_FILE = 'DEVELOPMENT-ONLY-token-signing-key.pem';
export const DEVELOPMENT_VERIFICATION_KEY_FILE = 'DEVELOPMENT-ONLY-token-verification-key.pem';
export const DEVELOPMENT_PSEUDONYM_KEY_FILE = 'DEVELOPMENT-ONLY-pseudonym-key.txt';

/** Issuer of development tokens; refused in production, so a dev token never passes there by accident. */
export const DEVELOPMENT_ISSUER = 'urn:lead:development-only-issuer';

export function developmentSigningKeyPem(): string {
  return readDevelopmentKey(DEVELOPMENT_SIGNING_KEY_FILE);
}

export function developmentVerificationKeyPem(): string {
  return readDevelopmentKey(DEVELOPMENT_VERIFICATION_KEY_FILE);
}

export function developmentPseudonymKey(): string {
  return readDevelopmentKey(DEVELOPMENT_PSEUDONYM_KEY_FILE);
}

/** Undefined when the file is absent (a production image does not ship config/dev-keys). */
export function developmentKeyOrUndefined(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
