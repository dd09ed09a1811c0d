import { randomUUID } from 'node:crypto';
import { ERASED } from '../src/erased.js';
import { keyStoreFixture, type KeyStoreFixture } from './key-store-fixture.js';

/*
 * A value sealed under a scope of its own (one arrest's narrative) inside the participant's layer: destroying the
 * scope's key erases that value and nothing else of the participant; erasing the participant erases it too.
 */
describe('values sealed under a scope of their own', () => {
  let fixture: KeyStoreFixture;

  beforeAll(async () => {
    fixture = await keyStoreFixture();
  });
  afterAll(async () => {
    await fixture?.database.drop();
  });

  async function referral() {
    const participantId = randomUUID();
    const arrest = `arrest:${randomUUID()}`;
    const narrative = await fixture.cipher.sealScoped(arrest, 'Observed holding 0.2 g near the station.');
    const [identity, sealedNarrative] = await fixture.cipher.sealEach(participantId, [{ givenName: 'Ana' }, narrative]);
    return {
      participantId,
      arrest,
      data: { identity, offense: { code: 'CO-18-18-403.5', narrative: sealedNarrative } },
    };
  }

  it('opens through both layers while both keys exist', async () => {
    const { participantId, data } = await referral();
    expect(JSON.stringify(data)).not.toContain('station');
    expect(await fixture.cipher.openAll(participantId, data)).toEqual({
      identity: { givenName: 'Ana' },
      offense: { code: 'CO-18-18-403.5', narrative: 'Observed holding 0.2 g near the station.' },
    });
  });

  it('erases the scoped value alone when its key is destroyed', async () => {
    const { participantId, arrest, data } = await referral();
    await fixture.cipher.shredScope(arrest);
    expect(await fixture.cipher.openAll(participantId, data)).toEqual({
      identity: { givenName: 'Ana' },
      offense: { code: 'CO-18-18-403.5', narrative: ERASED },
    });
  });

  it('erases it with the participant, its own key still there', async () => {
    const { participantId, data } = await referral();
    await fixture.keys.shred(participantId);
    expect(await fixture.cipher.openAll(participantId, data)).toEqual({
      identity: ERASED,
      offense: { code: 'CO-18-18-403.5', narrative: ERASED },
    });
  });

  it('cannot be opened under another scope than its own', async () => {
    const participantId = randomUUID();
    const narrative = await fixture.cipher.sealScoped(`arrest:${randomUUID()}`, 'text');
    await expect(
      fixture.cipher.openAll(participantId, { narrative: { ...narrative, scope: `arrest:${randomUUID()}` } }),
    ).rejects.toThrow();
  });
});
