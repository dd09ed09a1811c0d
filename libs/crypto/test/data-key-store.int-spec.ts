import { randomUUID } from 'node:crypto';
import { ConfiguredMasterKey } from '../src/configured-master-key.js';
import { DataKeyStore } from '../src/data-key-store.js';
import { DataKeyMissing, ParticipantDataErased } from '../src/errors.js';
import { ERASED } from '../src/erased.js';
import { PersonalDataCipher } from '../src/personal-data-cipher.js';
import { SEALED_FORMAT } from '../src/sealed-value.js';
import { keyStoreFixture, type KeyStoreFixture } from './key-store-fixture.js';

describe('DataKeyStore and PersonalDataCipher (PostgreSQL)', () => {
  let fixture: KeyStoreFixture;

  beforeAll(async () => {
    fixture = await keyStoreFixture();
  });
  afterAll(async () => {
    await fixture?.database.drop();
  });

  it('creates one key per participant, also when writers race, and stores it wrapped', async () => {
    const participantId = randomUUID();
    const keys = await Promise.all(Array.from({ length: 8 }, () => fixture.keys.dataKeyFor(participantId)));
    for (const key of keys) expect(key.equals(keys[0])).toBe(true);
    const { rows } = await fixture.database.pool.query(
      `SELECT wrapped_key, master_key_id FROM "${fixture.database.schema}".participant_data_keys WHERE participant_id = $1`,
      [participantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].master_key_id).toBe('test');
    expect((rows[0].wrapped_key as Buffer).includes(keys[0])).toBe(false);
  });

  it('gives each participant a different key', async () => {
    const [a, b] = await Promise.all([fixture.keys.dataKeyFor(randomUUID()), fixture.keys.dataKeyFor(randomUUID())]);
    expect(a.equals(b)).toBe(false);
  });

  it('seals values so that only the same participant opens them', async () => {
    const participantId = randomUUID();
    const sealed = await fixture.cipher.seal(participantId, { city: 'Denver', line1: '1 Main St' });
    expect(sealed.$sealed).toBe(SEALED_FORMAT);
    expect(JSON.stringify(sealed)).not.toContain('Denver');
    expect(await fixture.cipher.open(participantId, sealed)).toEqual({ city: 'Denver', line1: '1 Main St' });

    const other = randomUUID();
    await fixture.keys.dataKeyFor(other);
    await expect(fixture.cipher.open(other, sealed)).rejects.toThrow();
  });

  it('seals the named fields of a record and opens them again', async () => {
    const participantId = randomUUID();
    const record = {
      name: 'Ann Smith',
      dateOfBirth: '1980-02-03',
      status: 'referred',
      contacts: [{ phone: '555-0199' }],
    };
    const sealed = await fixture.cipher.sealFields(participantId, record, ['name', 'dateOfBirth', 'contacts.*.phone']);
    expect(JSON.stringify(sealed)).not.toMatch(/Ann Smith|1980-02-03|555-0199/);
    expect(sealed.status).toBe('referred');
    expect(await fixture.cipher.openAll(participantId, sealed)).toEqual(record);
  });

  it('after shredding: reads answer ERASED, new personal data is refused, and shredding again changes nothing', async () => {
    const participantId = randomUUID();
    const sealed = await fixture.cipher.sealFields(participantId, { name: 'Bo Lee', status: 'enrolled' }, ['name']);

    const first = await fixture.keys.shred(participantId);
    expect(first.alreadyShredded).toBe(false);
    expect(await fixture.cipher.openAll(participantId, sealed)).toEqual({ name: ERASED, status: 'enrolled' });
    await expect(fixture.cipher.seal(participantId, 'again')).rejects.toBeInstanceOf(ParticipantDataErased);

    const second = await fixture.keys.shred(participantId);
    expect(second).toEqual({ participantId, shreddedAt: first.shreddedAt, alreadyShredded: true });
    const { rows } = await fixture.database.pool.query(
      `SELECT wrapped_key FROM "${fixture.database.schema}".participant_data_keys WHERE participant_id = $1`,
      [participantId],
    );
    expect(rows).toEqual([{ wrapped_key: null }]);
  });

  it('leaves a tombstone when a participant without a key is erased, so no key is minted later', async () => {
    const participantId = randomUUID();
    expect((await fixture.keys.shred(participantId)).alreadyShredded).toBe(false);
    await expect(fixture.keys.dataKeyFor(participantId)).rejects.toBeInstanceOf(ParticipantDataErased);
  });

  it('reports a missing key row as DataKeyMissing, not as an erasure', async () => {
    const participantId = randomUUID();
    const sealed = await fixture.cipher.seal(participantId, 'x');
    await fixture.database.pool.query(
      `DELETE FROM "${fixture.database.schema}".participant_data_keys WHERE participant_id = $1`,
      [participantId],
    );
    await expect(fixture.cipher.open(participantId, sealed)).rejects.toBeInstanceOf(DataKeyMissing);
  });

  it('needs the master key that wrapped the data keys', async () => {
    const participantId = randomUUID();
    const sealed = await fixture.cipher.seal(participantId, 'x');
    const stranger = await DataKeyStore.create({
      pool: fixture.database.pool,
      schema: fixture.database.schema,
      masterKey: ConfiguredMasterKey.fromBase64(Buffer.alloc(32, 7).toString('base64'), 'test'),
    });
    await expect(new PersonalDataCipher(stranger).open(participantId, sealed)).rejects.toThrow();
  });
});
