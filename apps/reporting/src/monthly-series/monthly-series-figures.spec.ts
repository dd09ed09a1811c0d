import { reportingPeriod } from '../reporting-period/reporting-period.js';
import type { MonthlySnapshot } from './monthly-snapshots.js';
import { baselineOf, monthlySeriesFigures, type MonthlySeriesInput } from './monthly-series-figures.js';

const snapshot = (participantId: string, month: string, more: Partial<MonthlySnapshot> = {}): MonthlySnapshot => ({
  participantId,
  month,
  housingStatus: 'homeless',
  employmentStatus: 'not_employed_looking',
  income: 'no',
  nonCashBenefits: 'no',
  healthInsurance: 'no',
  ...more,
});

/*
 * A entered 10 Jan 2026 with a December snapshot (homeless, no income); B entered 20 Feb with no snapshot before,
 * so their February snapshot is their baseline; C entered 15 Mar and has no snapshot at all.
 */
const input: MonthlySeriesInput = {
  jurisdiction: 'denver',
  period: reportingPeriod('2026-Q1')!,
  asOf: new Date('2026-04-15T12:00:00Z'),
  asOfDay: '2026-04-15',
  suppress: false,
  entries: [
    { participantId: 'A', entryDay: '2026-01-10' },
    { participantId: 'B', entryDay: '2026-02-20' },
    { participantId: 'C', entryDay: '2026-03-15' },
  ],
  snapshots: [
    snapshot('A', '2025-12'),
    snapshot('A', '2026-01', { housingStatus: 'temporary' }),
    snapshot('A', '2026-02', { housingStatus: 'permanent', income: 'yes', healthInsurance: 'yes' }),
    snapshot('A', '2026-03', { housingStatus: 'permanent', employmentStatus: 'employed_part_time', income: 'yes' }),
    snapshot('B', '2026-02', { healthInsurance: 'yes' }),
    snapshot('B', '2026-03', { housingStatus: 'permanent', healthInsurance: 'yes' }),
  ],
};

describe('baselineOf', () => {
  it('takes the month before referral, else the first snapshot of the entry month or the two after', () => {
    expect(
      baselineOf(
        '2026-01-10',
        input.snapshots.filter((s) => s.participantId === 'A'),
      )?.source,
    ).toBe('month_before_referral');
    expect(
      baselineOf(
        '2026-02-20',
        input.snapshots.filter((s) => s.participantId === 'B'),
      ),
    ).toEqual({
      source: 'first_snapshot',
      snapshot: input.snapshots[4],
    });
    expect(
      baselineOf(
        '2025-08-01',
        input.snapshots.filter((s) => s.participantId === 'A'),
      ),
    ).toBeNull();
  });
});

describe('monthlySeriesFigures', () => {
  const series = monthlySeriesFigures(input);

  it('labels where each baseline comes from', () => {
    expect(series.participants).toBe(3);
    expect(series.baseline).toEqual({ monthBeforeReferral: 1, firstSnapshot: 1, none: 1 });
    expect(series.months).toHaveLength(18);
  });

  it('counts month 1 (February for A, March for B; C’s April has not ended) among those who reached it, against their baseline', () => {
    const [m1, m2, m3] = series.months;
    expect(m1).toMatchObject({ monthAfterEntry: 1, reached: 2, persons: 2, income: 1, healthInsurance: 2 });
    expect(m1.housing).toEqual({
      homeless: 0,
      institutional: 0,
      temporary: 0,
      permanent: 2,
      other: 0,
      client_doesnt_know: 0,
      client_prefers_not_to_answer: 0,
      data_not_collected: 0,
    });
    expect(m1.employment.not_employed_looking).toBe(2);
    expect(m1.againstBaseline.persons).toBe(2);
    expect(m1.againstBaseline.permanentHousing).toEqual({
      baseline: 0,
      now: 2,
      baselineShare: { value: 0, unstable: true },
      nowShare: { value: 1, unstable: true },
    });
    expect(m1.againstBaseline.healthInsurance).toMatchObject({ baseline: 1, now: 2 });
    // Month 2 is March for A only (April has not ended on 15 April for B).
    expect(m2).toMatchObject({ reached: 1, persons: 1, againstBaseline: { employed: { baseline: 0, now: 1 } } });
    expect(m3).toMatchObject({ reached: 0, persons: 0 });
  });

  it('withholds small cells from an evaluator', () => {
    const withheld = monthlySeriesFigures({ ...input, suppress: true });
    expect(withheld.participants).toBeNull();
    expect(withheld.months[0]).toMatchObject({ persons: null, income: null, againstBaseline: { persons: null } });
    expect(withheld.months[0].againstBaseline.permanentHousing.nowShare.value).toBeNull();
  });
});
