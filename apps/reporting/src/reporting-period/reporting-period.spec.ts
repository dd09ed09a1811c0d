import { lastDayOfMonth, reportingPeriod } from './reporting-period.js';

describe('reporting periods', () => {
  it('reads a month, a quarter and a year as half-open ranges of local days', () => {
    expect(reportingPeriod('2026-11')).toEqual({
      label: '2026-11',
      kind: 'month',
      firstDay: '2026-11-01',
      endDay: '2026-12-01',
      months: ['2026-11'],
    });
    expect(reportingPeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      firstDay: '2026-10-01',
      endDay: '2027-01-01',
      months: ['2026-10', '2026-11', '2026-12'],
    });
    expect(reportingPeriod('2026')).toMatchObject({ kind: 'year', firstDay: '2026-01-01', endDay: '2027-01-01' });
    expect(reportingPeriod('2026')!.months).toHaveLength(12);
  });

  it('names no period for anything else', () => {
    for (const label of ['2026-13', '2026-Q5', '2026-00', '26-01', '2026-1', '2026-11-01', '', '1899'])
      expect(reportingPeriod(label)).toBeUndefined();
  });

  it('knows the last day of a month, leap years included', () => {
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });
});
