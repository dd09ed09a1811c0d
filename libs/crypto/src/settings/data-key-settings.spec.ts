import { loadConfig } from '@lead/platform';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_MASTER_KEY_FILE, readDevelopmentKey } from '../development-keys.js';
import { DataKeySettings, DEVELOPMENT_MASTER_KEY_ID, masterKeyMaterial } from './data-key-settings.js';

describe('DataKeySettings', () => {
  const realKey = randomBytes(32).toString('base64');

  it('uses the committed development master key outside production', () => {
    const settings = loadConfig(DataKeySettings, {});
    expect(settings.KEY_STORE_SCHEMA).toBe('key_store');
    expect(masterKeyMaterial(settings)).toEqual({
      base64Key: readDevelopmentKey(DEVELOPMENT_MASTER_KEY_FILE),
      keyId: DEVELOPMENT_MASTER_KEY_ID,
    });
  });

  it('uses the configured master key and its id when given', () => {
    const settings = loadConfig(DataKeySettings, { DATA_KEY_MASTER_KEY: realKey, DATA_KEY_MASTER_KEY_ID: '2025-q1' });
    expect(masterKeyMaterial(settings)).toEqual({ base64Key: realKey, keyId: '2025-q1' });
  });

  it('refuses to start in production without a master key, naming the setting', () => {
    expect(() => loadConfig(DataKeySettings, { NODE_ENV: 'production' }, 'referrals')).toThrow(
      /- DATA_KEY_MASTER_KEY is required when NODE_ENV=production/,
    );
  });

  it('refuses the development master key in production', () => {
    const env = { NODE_ENV: 'production', DATA_KEY_MASTER_KEY: readDevelopmentKey(DEVELOPMENT_MASTER_KEY_FILE) };
    expect(() => loadConfig(DataKeySettings, env)).toThrow(/DATA_KEY_MASTER_KEY must not be the development key/);
    expect(
      loadConfig(DataKeySettings, { NODE_ENV: 'production', DATA_KEY_MASTER_KEY: realKey }).DATA_KEY_MASTER_KEY,
    ).toBe(realKey);
  });

  it('refuses a key that is not 32 bytes of base64, without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => loadConfig(DataKeySettings, { DATA_KEY_MASTER_KEY: short })).toThrow(
      /DATA_KEY_MASTER_KEY must be 32 bytes/,
    );
    try {
      loadConfig(DataKeySettings, { DATA_KEY_MASTER_KEY: short });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => loadConfig(DataKeySettings, { DATA_KEY_MASTER_KEY: 'not base64!' })).toThrow(
      /DATA_KEY_MASTER_KEY must be 32 bytes/,
    );
  });
});
