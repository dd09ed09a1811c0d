import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const AES_256_KEY_BYTES = 32;
/** 96-bit nonces are GCM's native size; random ones are safe for far more messages than one key ever seals here. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh random IV. Output layout: `iv ‖ tag ‖ ciphertext`. The additional
 * authenticated data binds the ciphertext to its context (e.g. the participant it belongs to), so
 * a ciphertext copied into another participant's record fails to open instead of decrypting.
 */
export function sealBytes(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Reverses `sealBytes`; throws when the key, the AAD or any byte is wrong. */
export function openBytes(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed value is too short to be AES-256-GCM output');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

function assertKey(key: Buffer): void {
  if (key.length !== AES_256_KEY_BYTES)
    throw new Error(`AES-256 needs a ${AES_256_KEY_BYTES}-byte key, got ${key.length} bytes`);
}
