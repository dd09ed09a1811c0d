import {
  checkStreamMetadata,
  deletedStreamMetadata,
  fromEsdbStreamMetadata,
  toEsdbStreamMetadata,
} from './stream-metadata-mapping.js';

describe('EventStoreDB stream metadata mapping', () => {
  it('writes system keys with EventStoreDB’s names and custom keys at the top level', () => {
    expect(
      toEsdbStreamMetadata({ maxAge: 3600, maxCount: 10, truncateBefore: 2, custom: { jurisdiction: 'denver' } }),
    ).toEqual({
      $maxAge: 3600,
      $maxCount: 10,
      $tb: 2,
      jurisdiction: 'denver',
    });
  });

  it('reads them back, keeping keys the port does not model aside', () => {
    const parsed = fromEsdbStreamMetadata({
      $maxAge: 60,
      $tb: 3,
      $acl: { $r: '$admins' },
      jurisdiction: 'seattle',
      $lead: { chainHead: { revision: 2, hash: 'h' } },
    });
    expect(parsed.metadata).toEqual({ maxAge: 60, truncateBefore: 3, custom: { jurisdiction: 'seattle' } });
    expect(parsed.preserved).toEqual({ $acl: { $r: '$admins' } });
    expect(parsed.lead).toEqual({ chainHead: { revision: 2, hash: 'h' } });
    expect(parsed.nativeSoftDeleted).toBe(false);
    expect(fromEsdbStreamMetadata(undefined)).toEqual({
      metadata: {},
      lead: {},
      nativeSoftDeleted: false,
      preserved: {},
    });
  });

  it('round-trips, keeping the kept keys', () => {
    const raw = { $maxCount: 2, $acl: { $w: 'ops' }, note: 'x' };
    const parsed = fromEsdbStreamMetadata(raw);
    expect(toEsdbStreamMetadata(parsed.metadata, parsed.preserved, parsed.lead)).toEqual(raw);
  });

  it('recognises EventStoreDB’s own soft-delete marker', () => {
    // long.MaxValue, as JSON.parse reads it.
    const parsed = fromEsdbStreamMetadata(JSON.parse('{"$tb":9223372036854775807}'));
    expect(parsed.nativeSoftDeleted).toBe(true);
    expect(parsed.metadata.truncateBefore).toBeUndefined();
  });

  it('soft-deletes by truncating after the last event and keeping the chain head', () => {
    const current = fromEsdbStreamMetadata({ $maxAge: 60, jurisdiction: 'denver' });
    expect(deletedStreamMetadata(current, 4, 'abc')).toEqual({
      $maxAge: 60,
      $tb: 5,
      jurisdiction: 'denver',
      $lead: { chainHead: { revision: 4, hash: 'abc' }, deleted: true },
    });
  });

  it('never lets a rewrite of a deleted stream’s metadata uncover its events', () => {
    const deleted = fromEsdbStreamMetadata(deletedStreamMetadata(fromEsdbStreamMetadata({}), 4, 'abc'));
    expect(toEsdbStreamMetadata({ maxCount: 3 }, deleted.preserved, deleted.lead)).toEqual({
      $maxCount: 3,
      $tb: 5,
      $lead: { chainHead: { revision: 4, hash: 'abc' }, deleted: true },
    });
    expect(toEsdbStreamMetadata({ truncateBefore: 9 }, {}, deleted.lead)).toMatchObject({ $tb: 9 });
  });

  it('rejects what EventStoreDB would not accept', () => {
    expect(() => checkStreamMetadata({ maxAge: 1.5 })).toThrow(RangeError);
    expect(() => checkStreamMetadata({ maxCount: 0 })).toThrow(RangeError);
    expect(() => checkStreamMetadata({ truncateBefore: -1 })).toThrow(RangeError);
    expect(() => checkStreamMetadata({ custom: { $acl: 'x' } })).toThrow(TypeError);
    expect(() => checkStreamMetadata({ maxAge: 1, maxCount: 1, truncateBefore: 0, custom: { a: 1 } })).not.toThrow();
  });
});
