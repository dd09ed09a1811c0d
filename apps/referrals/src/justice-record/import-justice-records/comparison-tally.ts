import { DomainRuleViolation } from '@lead/event-store/decider';
import { createHmac, randomBytes } from 'node:crypto';
import { normalizeName } from '../../participant/participant-match-key.js';
import type { ComparisonCountCell, ComparisonSurvivalCell } from '../justice-comparison.events.js';
import type { JusticeRow } from './justice-row.js';
import { equityGroupOf, type EquityGroup } from './race-ethnicity.js';

const DAY_MS = 86_400_000;
/** About 100 MB of tally at most: a few hundred thousand people per extract is a county's year. */
export const DEFAULT_MAX_COMPARISON_PEOPLE = 500_000;

/** A comparison person's first arrest in the file (the index) and the next arrest after its day, if any. */
interface Survival {
  index: { on: string; district: string; group: EquityGroup };
  next: string | null;
}

/**
 * The comparison cohort of one import, as aggregates only: rows of people who never entered LEAD are counted by
 * district, month, group and kind, and for the time to re-arrest each person is held under a transient key (an
 * HMAC of the normalised name and birth date with a random key of this tally alone, never stored and gone with the
 * tally), so no one is recognisable across imports, nor from what is kept: the counts per cell.
 *
 * Memory grows with the distinct comparison people of the file (one small entry each), not with its rows, up to
 * `maxPeople`: a file with more is refused (`comparison_people_limit`) rather than allowed to exhaust the service.
 */
export class ComparisonTally {
  private readonly counts = new Map<string, ComparisonCountCell>();
  private readonly people = new Map<string, Survival>();
  /** Everyone arrested in the file, participants included: the limit counts them all (see `sight`). */
  private readonly sighted = new Set<string>();
  private readonly transientKey = randomBytes(32);

  constructor(private readonly maxPeople: number = DEFAULT_MAX_COMPARISON_PEOPLE) {}

  /**
   * Every valid row passes here before it is matched. The people limit is enforced over everyone the file arrests,
   * whoever is a participant: were it counted over the comparison cohort alone, a file of exactly the limit plus one
   * person would be refused or not as that person is in LEAD or not.
   */
  sight(row: JusticeRow): void {
    if (row.kind !== 'arrest') return;
    const key = this.personKey(row.person);
    if (this.sighted.has(key)) return;
    if (this.sighted.size >= this.maxPeople)
      throw new DomainRuleViolation(
        'comparison_people_limit',
        `The file names more than ${this.maxPeople} arrested people; split it (rows already recorded are kept, and re-sending them is safe).`,
      );
    this.sighted.add(key);
  }

  add(row: JusticeRow): void {
    const group = equityGroupOf(row.raceEthnicity);
    const month = row.eventDate.slice(0, 7);
    const cellKey = `${row.district}\n${month}\n${group}`;
    let cell = this.counts.get(cellKey);
    if (!cell) {
      cell = {
        district: row.district,
        month,
        equityGroup: group,
        arrests: 0,
        charges: 0,
        felonyCharges: 0,
        bookings: 0,
        jailDays: 0,
        prisonAdmissions: 0,
      };
      this.counts.set(cellKey, cell);
    }
    switch (row.kind) {
      case 'arrest':
        cell.arrests += 1;
        this.arrested(row, group);
        break;
      case 'charge':
        cell.charges += 1;
        if (row.felony) cell.felonyCharges += 1;
        break;
      case 'booking':
        cell.bookings += 1;
        break;
      case 'jail_release':
        cell.jailDays += row.jailDays ?? 0;
        break;
      case 'prison_admission':
        cell.prisonAdmissions += 1;
        break;
    }
  }

  /** The counts by district, month, group: sorted, so one file always gives the same cells. */
  countCells(): ComparisonCountCell[] {
    return [...this.counts.values()].sort((a, b) =>
      compare([a.district, a.month, a.equityGroup], [b.district, b.month, b.equityGroup]),
    );
  }

  /** People per district, index quarter, group, day and outcome, censored at `coveredThrough`. */
  survivalCells(coveredThrough: string): ComparisonSurvivalCell[] {
    const cells = new Map<string, ComparisonSurvivalCell>();
    for (const { index, next } of this.people.values()) {
      const outcome = next === null ? 'censored' : 'rearrested';
      const day = daysBetween(index.on, next ?? coveredThrough);
      const indexYear = Number(index.on.slice(0, 4));
      const indexQuarter = quarterOf(index.on);
      const key = `${index.district}\n${indexYear}-${indexQuarter}\n${index.group}\n${day}\n${outcome}`;
      const cell = cells.get(key);
      if (cell) cell.people += 1;
      else
        cells.set(key, {
          district: index.district,
          indexYear,
          indexQuarter,
          equityGroup: index.group,
          day,
          outcome,
          people: 1,
        });
    }
    return [...cells.values()].sort((a, b) =>
      compare(
        [a.district, `${a.indexYear}-${a.indexQuarter}`, a.equityGroup, String(a.day).padStart(5, '0'), a.outcome],
        [b.district, `${b.indexYear}-${b.indexQuarter}`, b.equityGroup, String(b.day).padStart(5, '0'), b.outcome],
      ),
    );
  }

  /** How many comparison people the file holds (arrested at least once in it). */
  get arrestedPeople(): number {
    return this.people.size;
  }

  private arrested(row: JusticeRow, group: EquityGroup): void {
    const key = this.personKey(row.person);
    const on = row.eventDate;
    const held = this.people.get(key);
    if (!held) {
      this.people.set(key, { index: { on, district: row.district, group }, next: null });
      return;
    }
    if (on < held.index.on) {
      // An earlier arrest becomes the index; the old index is then the next arrest after it.
      held.next = held.index.on;
      held.index = { on, district: row.district, group };
    } else if (on > held.index.on && (held.next === null || on < held.next)) {
      held.next = on;
    }
  }

  private personKey(person: JusticeRow['person']): string {
    return createHmac('sha256', this.transientKey)
      .update(`${normalizeName(person.givenName)}|${normalizeName(person.familyName)}\n${person.dateOfBirth}`, 'utf8')
      .digest()
      .subarray(0, 16)
      .toString('base64');
  }
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The calendar quarter, 1 to 4, of a day. */
export function quarterOf(day: string): number {
  return Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
}

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
