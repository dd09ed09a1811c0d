import { firstReleaseOf, latestRelease } from './evaluator-release.js';

describe('evaluator releases', () => {
  it('are the thirtieth day after each quarter ends, the latest one at or before now', () => {
    expect(latestRelease(new Date('2026-12-03T12:00:00Z')).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(latestRelease(new Date('2026-10-30T23:59:59Z')).toISOString()).toBe('2026-07-31T00:00:00.000Z');
    expect(latestRelease(new Date('2026-10-31T00:00:00Z')).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    // Across a year's turn: Q4 2026 is released on 30 January 2027.
    expect(latestRelease(new Date('2027-01-29T00:00:00Z')).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(latestRelease(new Date('2027-02-01T00:00:00Z')).toISOString()).toBe('2027-01-31T00:00:00.000Z');
  });

  it('first include a quarter at its own release', () => {
    expect(firstReleaseOf('2026-10-01').toISOString()).toBe('2026-10-31T00:00:00.000Z');
  });
});
