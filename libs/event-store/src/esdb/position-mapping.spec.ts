import {
  fromEsdbPosition,
  isAfter,
  positionOfEsdbEvent,
  toEsdbPosition,
  UNKNOWN_POSITION,
} from './position-mapping.js';

describe('EventStoreDB position mapping', () => {
  it('carries commit and prepare unchanged both ways', () => {
    const position = { commit: 1234n, prepare: 1200n };
    expect(fromEsdbPosition(position)).toEqual(position);
    expect(toEsdbPosition(position)).toEqual(position);
  });

  it('will not send the unknown position to the server', () => {
    expect(() => toEsdbPosition(UNKNOWN_POSITION)).toThrow(RangeError);
  });

  it('takes an event’s own position, else the fallback, else unknown', () => {
    expect(positionOfEsdbEvent({ position: { commit: 9n, prepare: 9n } })).toEqual({ commit: 9n, prepare: 9n });
    expect(positionOfEsdbEvent({}, { commit: 1n, prepare: 1n })).toEqual({ commit: 1n, prepare: 1n });
    expect(positionOfEsdbEvent({})).toEqual(UNKNOWN_POSITION);
  });

  it('orders on (commit, prepare) for the exclusive "after"', () => {
    const p = { commit: 10n, prepare: 10n };
    expect(isAfter(p, 'start')).toBe(true);
    expect(isAfter(p, undefined)).toBe(true);
    expect(isAfter(p, p)).toBe(false);
    expect(isAfter(p, { commit: 10n, prepare: 9n })).toBe(true);
    expect(isAfter(p, { commit: 11n, prepare: 0n })).toBe(false);
  });
});
