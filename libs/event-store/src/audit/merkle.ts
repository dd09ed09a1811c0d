import { createHash } from 'node:crypto';

/**
 * A Merkle tree hash in the shape of RFC 6962 (Certificate Transparency) §2.1: leaves hashed as sha256(0x00 ‖ leaf),
 * inner nodes as sha256(0x01 ‖ left ‖ right), split at the largest power of two below the count. The 0x00 / 0x01
 * prefixes keep a leaf from posing as an inner node (second-preimage attacks); the split makes the tree well defined
 * for any count without duplicating nodes. The empty tree's root is sha256(''). Pure; hex in, hex out.
 */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  return subtree(leaves.map(leafHash), 0, leaves.length).toString('hex');
}

export function leafHash(leaf: string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf, 'utf8')
    .digest();
}

function subtree(hashes: Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return hashes[from];
  let k = 1;
  while (k * 2 < n) k *= 2;
  const left = subtree(hashes, from, from + k);
  const right = subtree(hashes, from + k, to);
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}
