export { AES_256_KEY_BYTES, openBytes, sealBytes } from './aes-gcm.js';
export { ConfiguredMasterKey } from './configured-master-key.js';
export { DataKeyStore, type DataKeyLookup, type DataKeyStoreOptions, type ShredResult } from './data-key-store.js';
export { DEVELOPMENT_KEYS_DIR, DEVELOPMENT_MASTER_KEY_FILE, readDevelopmentKey } from './development-keys.js';
export { EncryptingEventStore, type PersonalFieldMap } from './encrypting-event-store.js';
export { ERASED, isErased, type Erased } from './erased.js';
export { DataKeyMissing, ParticipantDataErased } from './errors.js';
export { transformMatching, transformPaths, type FieldPath } from './field-paths.js';
export { MASTER_KEY_SOURCE, type MasterKeySource } from './master-key-source.js';
export { keyStoreMigrations } from './migrations/index.js';
export { PersonalDataCipher } from './personal-data-cipher.js';
export { PersonalDataModule } from './personal-data.module.js';
export { isSealedValue, SEALED_FORMAT, type SealedValue } from './sealed-value.js';
export {
  DataKeySettings,
  DEVELOPMENT_MASTER_KEY_ID,
  masterKeyMaterial,
  withDataKeySettings,
  type Constructor,
} from './settings/data-key-settings.js';
export { isProduction, KeySetting, type EnvironmentAware, type KeySettingCheck } from './settings/production-guard.js';
