import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import { randomBytes } from 'node:crypto';
import { ConfiguredMasterKey } from '../src/configured-master-key.js';
import { DataKeyStore } from '../src/data-key-store.js';
import { PersonalDataCipher } from '../src/personal-data-cipher.js';

export interface KeyStoreFixture {
  database: IsolatedSchema;
  keys: DataKeyStore;
  cipher: PersonalDataCipher;
  masterKey: ConfiguredMasterKey;
}

/** A key store with a random master key in a schema of its own (dropped by `database.drop()`). */
export async function keyStoreFixture(): Promise<KeyStoreFixture> {
  const database = await isolatedSchema('t_keys');
  const masterKey = ConfiguredMasterKey.fromBase64(randomBytes(32).toString('base64'), 'test');
  const keys = await DataKeyStore.create({ pool: database.pool, schema: database.schema, masterKey });
  return { database, keys, cipher: new PersonalDataCipher(keys), masterKey };
}
