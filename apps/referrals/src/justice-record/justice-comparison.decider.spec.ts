import { DeciderSpecification } from '@lead/testing';
import { CELLS_PER_PART, justiceComparisonDecider, type CountComparison } from './justice-comparison.decider.js';
import type { ComparisonCountCell } from './justice-comparison.events.js';

const cell = (month: string): ComparisonCountCell => ({
  district: '6',
  month,
  equityGroup: 'white',
  arrests: 1,
  charges: 0,
  felonyCharges: 0,
  bookings: 0,
  jailDays: 0,
  prisonAdmissions: 0,
});
const count = (cells: number): CountComparison => ({
  type: 'CountComparison',
  comparisonId: '4a4e4f39-6b9b-5e43-9c1c-1f0e4d5a6b7c',
  importId: '01890a5d-ac96-774b-bcce-b302099a8057',
  jurisdiction: 'denver',
  coveredThrough: '2025-06-30',
  counts: Array.from({ length: cells }, (_, i) => cell(`2025-${String((i % 12) + 1).padStart(2, '0')}`)),
  survival: [
    { district: '6', indexYear: 2025, indexQuarter: 1, equityGroup: 'white', day: 30, outcome: 'censored', people: 2 },
  ],
  at: '2025-07-01T08:00:00.000Z',
});
const spec = DeciderSpecification.for(justiceComparisonDecider);

describe('an import’s comparison counts', () => {
  it('counts a file once, in parts small enough for one message each', () => {
    const events = spec.given([]).when(count(CELLS_PER_PART + 10)).events;
    expect(events.map((e) => [e.part, e.parts, e.counts.length, e.survival.length])).toEqual([
      [1, 2, CELLS_PER_PART, 0],
      [2, 2, 10, 1],
    ]);
  });

  it('counts one part when there is nothing to count', () =>
    spec
      .given([])
      .when(count(0))
      .thenMatches([{ part: 1, parts: 1, counts: [] }]));

  it('counts nothing again for the same file (re-sent, or re-run after a crash)', () =>
    spec
      .given(spec.eventsOf(count(3)))
      .when(count(3))
      .thenNothing());
});
