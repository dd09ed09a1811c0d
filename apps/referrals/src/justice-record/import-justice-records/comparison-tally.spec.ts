import { expectRuleBroken } from '@lead/testing';
import { ComparisonTally, daysBetween, quarterOf } from './comparison-tally.js';
import type { JusticeRow } from './justice-row.js';

const row = (over: Partial<JusticeRow> & { who?: string }): JusticeRow => {
  const { who = 'Jane', ...rest } = over;
  return {
    kind: 'arrest',
    recordId: 'R',
    person: { givenName: who, familyName: 'Doe', dateOfBirth: '1980-01-02' },
    raceEthnicity: ['white'],
    district: '6',
    eventDate: '2025-01-10',
    ...rest,
  };
};

describe('the comparison cohort tally', () => {
  it('counts rows by district, month, group and kind, jail days summed, felonies among charges', () => {
    const tally = new ComparisonTally();
    tally.add(row({}));
    tally.add(row({ kind: 'charge', felony: true, offenseCode: 'X' }));
    tally.add(row({ kind: 'charge', felony: false, offenseCode: 'X' }));
    tally.add(row({ kind: 'booking' }));
    tally.add(row({ kind: 'jail_release', jailDays: 4 }));
    tally.add(row({ kind: 'jail_release', jailDays: 3, eventDate: '2025-02-01' }));
    tally.add(
      row({ kind: 'prison_admission', raceEthnicity: ['black_african_american_african', 'hispanic_latina_e_o'] }),
    );
    expect(tally.countCells()).toEqual([
      {
        district: '6',
        month: '2025-01',
        equityGroup: 'multiple',
        arrests: 0,
        charges: 0,
        felonyCharges: 0,
        bookings: 0,
        jailDays: 0,
        prisonAdmissions: 1,
      },
      {
        district: '6',
        month: '2025-01',
        equityGroup: 'white',
        arrests: 1,
        charges: 2,
        felonyCharges: 1,
        bookings: 1,
        jailDays: 4,
        prisonAdmissions: 0,
      },
      {
        district: '6',
        month: '2025-02',
        equityGroup: 'white',
        arrests: 0,
        charges: 0,
        felonyCharges: 0,
        bookings: 0,
        jailDays: 3,
        prisonAdmissions: 0,
      },
    ]);
  });

  it('takes each person’s first arrest in the file as index, however the rows are ordered, and the next one after it', () => {
    const tally = new ComparisonTally();
    // Jane: arrests on 03-01, 01-10 (index), 02-09 (next: 30 days), and again on the index day (not a re-arrest).
    tally.add(row({ eventDate: '2025-03-01' }));
    tally.add(row({ eventDate: '2025-01-10' }));
    tally.add(row({ eventDate: '2025-02-09', district: '1' }));
    tally.add(row({ eventDate: '2025-01-10', recordId: 'again' }));
    // Ann and Bo: one arrest each, censored at the day covered; Bo's name written otherwise is still Bo.
    tally.add(row({ who: 'Ann', eventDate: '2025-04-01' }));
    tally.add(row({ who: 'Bo', eventDate: '2025-04-01' }));
    tally.add(row({ who: 'BO ', eventDate: '2025-05-01', kind: 'booking' }));
    // Only arrests index anyone.
    tally.add(row({ who: 'Cy', kind: 'booking' }));
    expect(tally.arrestedPeople).toBe(3);
    expect(tally.survivalCells('2025-06-30')).toEqual([
      {
        district: '6',
        indexYear: 2025,
        indexQuarter: 1,
        equityGroup: 'white',
        day: 30,
        outcome: 'rearrested',
        people: 1,
      },
      {
        district: '6',
        indexYear: 2025,
        indexQuarter: 2,
        equityGroup: 'white',
        day: 90,
        outcome: 'censored',
        people: 2,
      },
    ]);
  });

  it('keeps people apart between tallies (a random key each)', () => {
    const one = new ComparisonTally();
    const two = new ComparisonTally();
    one.add(row({}));
    two.add(row({}));
    expect((one as unknown as { people: Map<string, unknown> }).people.keys().next().value).not.toEqual(
      (two as unknown as { people: Map<string, unknown> }).people.keys().next().value,
    );
  });

  it('refuses a file arresting more people than the limit, rather than grow without bound', () => {
    const tally = new ComparisonTally(2);
    tally.sight(row({ who: 'Ann' }));
    tally.sight(row({ who: 'Bo' }));
    tally.sight(row({ who: 'Bo', eventDate: '2025-02-01' }));
    tally.sight(row({ who: 'Cy', kind: 'booking' }));
    expectRuleBroken(() => tally.sight(row({ who: 'Cy' })), 'comparison_people_limit');
  });

  it('counts the limit over everyone arrested, so a refusal does not tell whether one of them is a participant', () => {
    // Ann is a participant (sighted, never added to the cohort); the third person is refused all the same.
    const tally = new ComparisonTally(2);
    tally.sight(row({ who: 'Ann' }));
    tally.sight(row({ who: 'Bo' }));
    tally.add(row({ who: 'Bo' }));
    expectRuleBroken(() => tally.sight(row({ who: 'Cy' })), 'comparison_people_limit');
    expect(tally.arrestedPeople).toBe(1);
  });

  it('counts days and quarters by the calendar', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(quarterOf('2025-03-31')).toBe(1);
    expect(quarterOf('2025-10-01')).toBe(4);
  });
});
