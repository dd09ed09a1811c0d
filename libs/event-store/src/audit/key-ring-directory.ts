import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, type KeyRing } from './checkpoint-signing.js';

/** A keys directory that cannot be used as a key ring: unreadable, a bad or non-ed25519 key, or no key at all. */
export class KeyRingUnreadable extends Error {
  override readonly name = 'KeyRingUnreadable';
}

/**
 * The key ring of a directory the auditor keeps: every `*.pem` in it, each under its computed key id
 * (`ed25519:<16 hex>`) and under its file name without `.pem` (for checkpoints signed with a custom key id). A
 * PKCS#8 private key is reduced to its public half. Retired keys stay as long as their checkpoints are kept.
 */
export async function readKeyRingDirectory(directory: string): Promise<KeyRing> {
  let names;
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.pem') && !name.startsWith('.')).sort();
  } catch (error) {
    throw new KeyRingUnreadable(`cannot read the keys directory ${directory}: ${(error as Error).message}`);
  }
  const ring = new Map<string, KeyObject>();
  for (const name of names) {
    const file = path.join(directory, name);
    let key: KeyObject;
    try {
      const pem = await readFile(file, 'utf8');
      key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
    } catch (error) {
      throw new KeyRingUnreadable(`cannot read key ${file}: ${(error as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new KeyRingUnreadable(`key ${file} is ${key.asymmetricKeyType}, not ed25519`);
    ring.set(keyIdOf(key), key);
    ring.set(name.slice(0, -'.pem'.length), key);
  }
  if (ring.size === 0) throw new KeyRingUnreadable(`no *.pem public key in the keys directory ${directory}`);
  return ring;
}
