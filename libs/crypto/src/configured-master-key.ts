import { AES_256_KEY_BYTES, openBytes, sealBytes } from './aes-gcm.js';
import type { MasterKeySource } from './master-key-source.js';

const WRAP_CONTEXT = 'lead-data-key/v1:';

/**
 * A master key held in the service's configuration (`DATA_KEY_MASTER_KEY`), wrapping data keys
 * with AES-256-GCM. The simplest source that is still envelope encryption: the database holds only
 * wrapped keys, so a copy of the database alone reveals no personal data.
 */
export class ConfiguredMasterKey implements MasterKeySource {
  private constructor(
    private readonly key: Buffer,
    readonly keyId: string,
  ) {}

  /** @param base64Key 32 bytes, base64-encoded (`openssl rand -base64 32`). */
  static fromBase64(base64Key: string, keyId: string): ConfiguredMasterKey {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== AES_256_KEY_BYTES) {
      throw new Error(`The master key must be ${AES_256_KEY_BYTES} bytes (base64), got ${key.length} bytes`);
    }
    return new ConfiguredMasterKey(key, keyId);
  }

  async wrapDataKey(dataKey: Buffer, context: string): Promise<Buffer> {
    return sealBytes(this.key, dataKey, Buffer.from(WRAP_CONTEXT + context));
  }

  async unwrapDataKey(wrapped: Buffer, context: string, keyId: string): Promise<Buffer> {
    if (keyId !== this.keyId) {
      throw new Error(`Data key was wrapped with master key "${keyId}", but this service holds "${this.keyId}"`);
    }
    return openBytes(this.key, wrapped, Buffer.from(WRAP_CONTEXT + context));
  }
}
