import { randomBytes } from 'node:crypto';
import { openBytes, sealBytes } from './aes-gcm.js';

describe('AES-256-GCM sealing', () => {
  const key = randomBytes(32);
  const aad = Buffer.from('participant-1');

  it('opens what it sealed', () => {
    const sealed = sealBytes(key, Buffer.from('Jane Doe'), aad);
    expect(openBytes(key, sealed, aad).toString()).toBe('Jane Doe');
  });

  it('uses a fresh IV each time, so equal plaintexts do not give equal ciphertexts', () => {
    expect(sealBytes(key, Buffer.from('same'), aad).equals(sealBytes(key, Buffer.from('same'), aad))).toBe(false);
  });

  it('refuses a changed byte, another key, or another context', () => {
    const sealed = sealBytes(key, Buffer.from('Jane Doe'), aad);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] ^= 1;
    expect(() => openBytes(key, flipped, aad)).toThrow();
    expect(() => openBytes(randomBytes(32), sealed, aad)).toThrow();
    expect(() => openBytes(key, sealed, Buffer.from('participant-2'))).toThrow();
    expect(() => openBytes(key, sealed.subarray(0, 20), aad)).toThrow(/too short/);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => sealBytes(randomBytes(16), Buffer.from('x'), aad)).toThrow(/32-byte key/);
  });
});
