import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { headsRoot, signedBytes, type Checkpoint, type CheckpointStatement } from './checkpoint.js';
import { hasHeads, type KeptCheckpoint, type SignedCheckpointStatement } from './checkpoint-record.js';

/**
 * ed25519 for checkpoints: the private key lives outside the database (a file or a secret given to the signer), so
 * a database writer who recomputes every hash still cannot make a checkpoint that agrees with the rewrite. Verifiers
 * hold only public keys, by key id, so rotating the signing key leaves older checkpoints verifiable.
 */
export interface CheckpointSigner {
  keyId: string;
  privateKey: KeyObject;
}

/** Public keys by key id. Keep retired keys in it as long as checkpoints signed with them are kept. */
export type KeyRing = ReadonlyMap<string, KeyObject>;

/** A stable id for a public key: `ed25519:` + the first 16 hex characters of sha256 of its SPKI DER. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

function assertEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new TypeError(`Checkpoint keys are ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** A signer from a PEM (PKCS#8) given directly or read from a file; the key id defaults to `keyIdOf`. */
export function loadCheckpointSigner(source: { pem: string } | { path: string }, keyId?: string): CheckpointSigner {
  const pem = 'pem' in source ? source.pem : readFileSync(source.path, 'utf8');
  const privateKey = assertEd25519(createPrivateKey(pem));
  return { keyId: keyId ?? keyIdOf(privateKey), privateKey };
}

/** A key ring from PEMs (SPKI public keys; a private key is reduced to its public half) by key id. */
export function keyRingFromPems(pems: Record<string, string>): KeyRing {
  return new Map(Object.entries(pems).map(([id, pem]) => [id, assertEd25519(createPublicKey(pem))]));
}

/** Signs a statement; the caller has put `signer.keyId` in it. Base64 signature. */
export function signStatement(statement: CheckpointStatement, signer: CheckpointSigner): string {
  if (statement.keyId !== signer.keyId) throw new Error('statement names another key than the signer holds');
  return sign(null, signedBytes(statement), signer.privateKey).toString('base64');
}

export type CheckpointCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a checkpoint can be trusted: known key, valid signature over the statement, and heads that hash to the
 * signed Merkle root (the heads are outside the signed bytes, bound only through the root).
 */
export function checkCheckpoint(checkpoint: Checkpoint, keyRing: KeyRing): CheckpointCheck {
  const signed = checkSignedStatement(checkpoint, keyRing);
  if (!signed.ok) return signed;
  if (!Array.isArray(checkpoint.heads) || checkpoint.heads.length !== checkpoint.streamCount)
    return { ok: false, reason: 'heads list does not have the signed stream count' };
  if (headsRoot(checkpoint.heads) !== checkpoint.merkleRoot)
    return { ok: false, reason: 'heads do not hash to the signed Merkle root (edited heads)' };
  return { ok: true };
}

/** `checkCheckpoint` for a file with heads, `checkSignedStatement` for a statement kept alone. */
export function checkKeptCheckpoint(checkpoint: KeptCheckpoint, keyRing: KeyRing): CheckpointCheck {
  return hasHeads(checkpoint) ? checkCheckpoint(checkpoint, keyRing) : checkSignedStatement(checkpoint, keyRing);
}

/** Whether a statement (a checkpoint without its heads, as the bus carries it) carries a valid signature of the ring. */
export function checkSignedStatement(checkpoint: SignedCheckpointStatement, keyRing: KeyRing): CheckpointCheck {
  const key = keyRing.get(checkpoint.keyId);
  if (!key) return { ok: false, reason: `signed with key ${checkpoint.keyId}, which is not in the key ring` };
  let valid = false;
  try {
    valid = verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch (err) {
    return { ok: false, reason: `signature cannot be checked: ${(err as Error).message}` };
  }
  if (!valid) return { ok: false, reason: 'signature does not match the checkpoint (forged or edited)' };
  return { ok: true };
}
