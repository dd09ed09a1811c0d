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
    const narrative = await fixture.cipher.sealScoped(
      arrest,
      participantId,
      'Observed holding 0.2 g near the station.',
    );
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

  it('opens only inside its own participant’s layer, and the outer layer never follows a stored scope', async () => {
    const a = await referral();
    const other = randomUUID();
    // The arrest's inner value, re-wrapped by someone holding another participant's key: bound to A, it fails.
    const inner = await fixture.cipher.sealScoped(a.arrest, a.participantId, 'text');
    const [rewrapped] = await fixture.cipher.sealEach(other, [inner]);
    await expect(fixture.cipher.openAll(other, { narrative: rewrapped })).rejects.toThrow();
    // A's outer ciphertext copied into another participant's data, claiming A's id as its scope: opened with the
    // other participant's key, as every outer layer is, it fails instead of revealing A's identity.
    const forged = { ...(a.data.identity as object), scope: a.participantId };
    await fixture.cipher.sealEach(other, ['key of the other participant']);
    await expect(fixture.cipher.openAll(other, { identity: forged })).rejects.toThrow();
  });
});
