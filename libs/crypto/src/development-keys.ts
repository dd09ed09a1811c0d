import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `config/dev-keys/`: committed, public keys that let a fresh checkout run without a key ceremony.
 * Found relative to this file, which sits at the same depth in `src/` and `dist/`.
 */
export const DEVELOPMENT_KEYS_DIR = fileURLToPath(new URL('../../../config/dev-keys/', import.meta.url));

/** The development master key (base64, 32 bytes). Never accepted when `NODE_ENV=production`. */
export const DEVELOPMENT_MASTER_KEY_FILE = 'DEVELOPMENT-ONLY-master-key.txt';

/**
 * Reads one development key file, trimmed. Throws naming the file when it is missing (a production
 * image does not ship `config/dev-keys/`, and must not need it).
 */
export function readDevelopmentKey(fileName: string): string {
  const path = `${DEVELOPMENT_KEYS_DIR}${fileName}`;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new Error(
      `Development key ${path} is not readable (${(error as NodeJS.ErrnoException).code ?? 'error'}); configure a real key instead`,
    );
  }
}
