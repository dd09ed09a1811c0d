import { addCalendarDays, endOfLocalDay, localDayOf, startOfLocalDay } from './local-calendar.js';

describe('the local calendar of a jurisdiction', () => {
  it('reads the local day of an instant, not the UTC one', () => {
    // 23:30 in Denver (MST, UTC-7) on 10 January is 06:30 UTC on 11 January.
    expect(localDayOf('2027-01-11T06:30:00.000Z', 'America/Denver')).toBe('2027-01-10');
    expect(localDayOf('2027-01-11T07:00:00.000Z', 'America/Denver')).toBe('2027-01-11');
    expect(localDayOf('2027-01-11T04:59:59.999Z', 'America/New_York')).toBe('2027-01-10');
  });

  it('finds local midnight in winter and in summer', () => {
    expect(startOfLocalDay('2027-01-10', 'America/Denver').toISOString()).toBe('2027-01-10T07:00:00.000Z');
    expect(startOfLocalDay('2027-07-10', 'America/Denver').toISOString()).toBe('2027-07-10T06:00:00.000Z');
    expect(startOfLocalDay('2027-07-10', 'America/New_York').toISOString()).toBe('2027-07-10T04:00:00.000Z');
  });

  it('ends a day at the next local midnight across the spring and autumn changes', () => {
    // 14 March 2027: clocks in Denver go from 02:00 MST to 03:00 MDT, a 23-hour day.
    const march =
      endOfLocalDay('2027-03-14', 'America/Denver').getTime() -
      startOfLocalDay('2027-03-14', 'America/Denver').getTime();
    expect(march).toBe(23 * 3_600_000);
    expect(endOfLocalDay('2027-03-14', 'America/Denver').toISOString()).toBe('2027-03-15T06:00:00.000Z');
    // 7 November 2027: back from 02:00 MDT to 01:00 MST, a 25-hour day.
    expect(endOfLocalDay('2027-11-07', 'America/Denver').toISOString()).toBe('2027-11-08T07:00:00.000Z');
    expect(startOfLocalDay('2027-11-07', 'America/Denver').toISOString()).toBe('2027-11-07T06:00:00.000Z');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-20', 30)).toBe('2027-01-19');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
