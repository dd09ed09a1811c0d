import { arrestedWithin, latestComparison, type ComparisonPart } from './comparison-cohort.js';

const cell = (day: number, outcome: 'rearrested' | 'censored', people: number) => ({
  district: '1',
  indexYear: 2026,
  indexQuarter: 1,
  equityGroup: 'white',
  day,
  outcome,
  people,
});
const part = (comparisonId: string, coveredThrough: string, n: number, of: number, recordedAt = '2026-10-01') =>
  ({
    comparisonId,
    coveredThrough,
    part: n,
    parts: of,
    recordedAt,
    survival: [cell(n, 'censored', 1)],
  }) as ComparisonPart;

describe('latestComparison', () => {
  it('takes the complete import through the latest day, never adding imports up', () => {
    const chosen = latestComparison([
      part('old', '2026-06-30', 1, 1),
      part('new', '2026-09-30', 2, 2),
      part('new', '2026-09-30', 1, 2),
      part('partial', '2026-12-31', 1, 2),
    ]);
    expect(chosen).toEqual({
      comparisonId: 'new',
      coveredThrough: '2026-09-30',
      survival: [cell(1, 'censored', 1), cell(2, 'censored', 1)],
    });
  });

  it('is null until an import is whole', () => {
    expect(latestComparison([part('partial', '2026-12-31', 2, 2)])).toBeNull();
  });
});

describe('arrestedWithin', () => {
  it('counts re-arrests by the day, people followed that long without one, and leaves out those censored before', () => {
    const rows = [
      { day: 183, events: 1, censored: 2 },
      { day: 184, events: 4, censored: 0 },
      { day: 182, events: 0, censored: 3 },
    ];
    expect(arrestedWithin(rows, 183)).toEqual({ arrested: 1, persons: 7, censoredBefore: 3 });
  });
});
