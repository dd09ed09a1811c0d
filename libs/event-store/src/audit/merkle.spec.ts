import { createHash } from 'node:crypto';
import { leafHash, merkleRoot } from './merkle.js';
import { rollingDigest, RollingDigest } from './rolling-digest.js';

const sha = (...parts: (Buffer | string)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);

describe('merkleRoot (RFC 6962 shape)', () => {
  it('is sha256 of nothing for no leaves and the prefixed leaf hash for one', () => {
    expect(merkleRoot([])).toBe(sha('').toString('hex'));
    expect(merkleRoot(['a'])).toBe(sha(Buffer.from([0]), 'a').toString('hex'));
  });

  it('splits at the largest power of two below the count', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(leafHash);
    expect(merkleRoot(['a', 'b'])).toBe(node(a, b).toString('hex'));
    expect(merkleRoot(['a', 'b', 'c'])).toBe(node(node(a, b), c).toString('hex'));
  });

  it('changes when any leaf, or the order, changes; a leaf cannot pose as an inner node', () => {
    const leaves = ['s1', 's2', 's3', 's4', 's5'];
    const root = merkleRoot(leaves);
    for (let i = 0; i < leaves.length; i++) {
      const edited = [...leaves];
      edited[i] += 'x';
      expect(merkleRoot(edited)).not.toBe(root);
    }
    expect(merkleRoot([...leaves].reverse())).not.toBe(root);
    const [a, b] = ['a', 'b'].map(leafHash);
    expect(merkleRoot([Buffer.concat([a, b]).toString('latin1')])).not.toBe(merkleRoot(['a', 'b']));
  });
});

describe('RollingDigest', () => {
  it('chains sha256 over the hashes in order, starting from the empty string', () => {
    const d1 = sha('', 'h1').toString('hex');
    expect(rollingDigest(['h1'])).toBe(d1);
    expect(rollingDigest(['h1', 'h2'])).toBe(sha(d1, 'h2').toString('hex'));
    expect(rollingDigest([])).toBe('');
    expect(new RollingDigest().add('h1').add('h2').count).toBe(2);
  });

  it('tells a removal, an insertion and a swap apart from the original', () => {
    const original = rollingDigest(['a', 'b', 'c']);
    expect(rollingDigest(['a', 'c'])).not.toBe(original);
    expect(rollingDigest(['a', 'b', 'x', 'c'])).not.toBe(original);
    expect(rollingDigest(['b', 'a', 'c'])).not.toBe(original);
  });
});
