import { Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_POOL, loadConfig, SERVICE_DEFINITION, type ServiceDefinition } from '@lead/platform';
import type pg from 'pg';
import { ConfiguredMasterKey } from './configured-master-key.js';
import { DataKeyStore } from './data-key-store.js';
import { MASTER_KEY_SOURCE, type MasterKeySource } from './master-key-source.js';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { DataKeySettings, masterKeyMaterial } from './settings/data-key-settings.js';

/**
 * Envelope encryption for a service: `DataKeySettings` (validated from the environment, naming a
 * bad setting), the master key source, the key store (migrated at start-up, on the service's pool)
 * and the `PersonalDataCipher`. Import it beside `PlatformModule.forRoot(...)`. To use a KMS,
 * override `MASTER_KEY_SOURCE`.
 */
@Module({})
export class PersonalDataModule {
  static forRoot(): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [
        {
          provide: DataKeySettings,
          inject: [SERVICE_DEFINITION],
          useFactory: (definition: ServiceDefinition) =>
            loadConfig(DataKeySettings, process.env, definition.serviceName),
        },
        {
          provide: MASTER_KEY_SOURCE,
          inject: [DataKeySettings],
          useFactory: (settings: DataKeySettings): MasterKeySource => {
            const { base64Key, keyId } = masterKeyMaterial(settings);
            return ConfiguredMasterKey.fromBase64(base64Key, keyId);
          },
        },
        {
          provide: DataKeyStore,
          inject: [DATABASE_POOL, DataKeySettings, MASTER_KEY_SOURCE],
          useFactory: (pool: pg.Pool, settings: DataKeySettings, masterKey: MasterKeySource) =>
            DataKeyStore.create({ pool, schema: settings.KEY_STORE_SCHEMA, masterKey }),
        },
        {
          provide: PersonalDataCipher,
          inject: [DataKeyStore],
          useFactory: (keys: DataKeyStore) => new PersonalDataCipher(keys),
        },
      ],
      exports: [DataKeySettings, MASTER_KEY_SOURCE, DataKeyStore, PersonalDataCipher],
    };
  }
}
