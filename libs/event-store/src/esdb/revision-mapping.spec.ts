import {
  checkExpectedRevision,
  exactEsdbRevision,
  fromEsdbRevision,
  PROBE_REVISION,
  toEsdbExpectedRevision,
  toEsdbReadRevision,
} from './revision-mapping.js';

describe('EventStoreDB revision mapping', () => {
  it('maps expected revisions to the client’s', () => {
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('rejects revisions that are not non-negative integers', () => {
    expect(() => checkExpectedRevision(-1)).toThrow(RangeError);
    expect(() => checkExpectedRevision(1.5)).toThrow(RangeError);
    expect(() => checkExpectedRevision('latest' as never)).toThrow(RangeError);
  });

  it('maps a known last revision to the exact expectation', () => {
    expect(exactEsdbRevision('no_stream')).toBe('no_stream');
    expect(exactEsdbRevision(7)).toBe(7n);
  });

  it('maps the revision EventStoreDB reports back to ours', () => {
    expect(fromEsdbRevision(5n)).toBe(5);
    expect(fromEsdbRevision('no_stream')).toBe('no_stream');
    expect(fromEsdbRevision(-1n)).toBe('no_stream');
    expect(fromEsdbRevision(undefined)).toBe('no_stream');
    expect(fromEsdbRevision('12')).toBe(12);
    expect(() => fromEsdbRevision(PROBE_REVISION)).toThrow(RangeError);
  });

  it('applies the port’s read defaults', () => {
    expect(toEsdbReadRevision(undefined, 'forwards')).toBe('start');
    expect(toEsdbReadRevision(undefined, 'backwards')).toBe('end');
    expect(toEsdbReadRevision('start', 'backwards')).toBe('start');
    expect(toEsdbReadRevision(3, 'forwards')).toBe(3n);
    expect(() => toEsdbReadRevision(-2, 'forwards')).toThrow(RangeError);
  });

  it('keeps the probe revision out of reach of any real stream', () => {
    expect(PROBE_REVISION > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});
