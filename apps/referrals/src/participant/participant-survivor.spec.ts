import { survivorOf } from './participant-survivor.js';

const walk = (merges: Record<string, string>) => (id: string) => Promise.resolve(merges[id] ?? null);

describe('survivorOf', () => {
  it('follows merges to the record that survives', async () => {
    expect(await survivorOf('a', walk({}))).toBe('a');
    expect(await survivorOf('a', walk({ a: 'b', b: 'c' }))).toBe('c');
  });

  it('stops at a cycle left by racing merges', async () => {
    expect(await survivorOf('a', walk({ a: 'b', b: 'a' }))).toBe('b');
  });
});
