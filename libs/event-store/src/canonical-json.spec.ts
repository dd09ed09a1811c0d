import { canonicalJson, toJsonValue } from './canonical-json.js';
import { chainHash, splitAroundRevision } from './hash-chain.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is the same for equal values built in different orders', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('writes dates as JSON.stringify does, through toJSON', () => {
    expect(canonicalJson({ at: new Date('2026-11-23T00:00:00Z'), f: () => 1 })).toBe(
      '{"at":"2026-11-23T00:00:00.000Z"}',
    );
  });

  it('normalises dates and undefined before hashing', () => {
    expect(toJsonValue({ at: new Date('2026-11-23T00:00:00Z'), gone: undefined })).toEqual({
      at: '2026-11-23T00:00:00.000Z',
    });
  });
});

describe('hash chain', () => {
  const content = {
    eventId: '0190f4a2-0000-7000-8000-000000000000',
    type: 'ReferralRecorded',
    schemaVersion: 1,
    streamId: 'referral-1',
    recordedAt: '2026-11-23T00:00:00.000Z',
    data: { streamRevision: 0, type: 'decoy', '"streamRevision":0,"type":': 'decoy' },
    metadata: { correlationId: 'c' },
  };

  it('splits canonical JSON around the top-level revision, even when the payload mimics it', () => {
    const { head, tail } = splitAroundRevision(content);
    expect(`${head}42${tail}`).toBe(canonicalJson({ ...content, streamRevision: 42 }));
  });

  it('chains each hash to the previous one', () => {
    const first = chainHash('', { ...content, streamRevision: 0 });
    const second = chainHash(first, { ...content, streamRevision: 1 });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(chainHash('', { ...content, streamRevision: 1 }));
  });
});
