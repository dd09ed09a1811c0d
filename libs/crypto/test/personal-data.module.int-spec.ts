import { randomBytes, randomUUID } from 'node:crypto';
import { dropSchemas, startTestService, TEST_DATABASE_URL, type TestService } from '@lead/testing';
import { DataKeyStore } from '../src/data-key-store.js';
import { ERASED } from '../src/erased.js';
import { MASTER_KEY_SOURCE, type MasterKeySource } from '../src/master-key-source.js';
import { PersonalDataCipher } from '../src/personal-data-cipher.js';
import { PersonalDataModule } from '../src/personal-data.module.js';

describe('PersonalDataModule', () => {
  const keySchema = `test_keys_${randomBytes(5).toString('hex')}`;
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      imports: [PersonalDataModule.forRoot()],
      env: {
        KEY_STORE_SCHEMA: keySchema,
        DATA_KEY_MASTER_KEY: randomBytes(32).toString('base64'),
        DATA_KEY_MASTER_KEY_ID: 'k-test',
      },
    });
  });
  afterAll(async () => {
    await service?.close();
    await dropSchemas(TEST_DATABASE_URL, [keySchema]);
  });

  it('gives the service a cipher over a migrated key store in KEY_STORE_SCHEMA, wrapping with the configured key', async () => {
    const cipher = service.app.get(PersonalDataCipher);
    const participantId = randomUUID();
    const sealed = await cipher.seal(participantId, 'Rae Kim');
    expect(await cipher.open(participantId, sealed)).toBe('Rae Kim');
    expect(service.app.get<MasterKeySource>(MASTER_KEY_SOURCE).keyId).toBe('k-test');

    await service.app.get(DataKeyStore).shred(participantId);
    expect(await cipher.open(participantId, sealed)).toEqual(ERASED);
  });
});
