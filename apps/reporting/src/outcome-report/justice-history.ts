/*
 * The participants' justice-system histories around their entry to the program, as the outcome and cost reports
 * read them. Pure.
 *
 * Entry is the local day of the participant's first referral that the program accepted (UW's evaluation dated entry
 * at the referral: it is the day the arrest or contact was diverted, whereas the acceptance and the intake follow
 * by days to weeks and would push the index arrest itself, and arrests in that gap, into the "before").
 * Days are counted from entry: the window before is days −w … −1, the window after is days 1 … w. The entry day
 * itself is in neither: its arrest is the one that was diverted, neither a pre-program outcome nor a re-arrest.
 */

export const JUSTICE_KINDS = ['arrest', 'charge', 'booking', 'jail_release', 'prison_admission'] as const;
export type JusticeKind = (typeof JUSTICE_KINDS)[number];

/** UW's short window: 6 months before and after entry. */
export const SIX_MONTHS_DAYS = 183;
/** Days per month and per year, for rates per person-month and person-year (the Julian year: 365.25 days). */
export const DAYS_PER_YEAR = 365.25;
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

/** A participant of the cohort: whose entry (first accepted referral's local day) fell in the period. */
export interface ProgramEntry {
  participantId: string;
  entryDay: string;
}

/** One matched justice-system row (lead.justice.record-imported) of a participant. */
export interface JusticeRecord {
  participantId: string;
  day: string;
  kind: JusticeKind;
  felony: boolean;
  jailDays: number;
}

/** What the measures count in a window: arrests, charges (and felonies among them), bookings, jail days, prison. */
export interface JusticeCounts {
  arrests: number;
  charges: number;
  felonyCharges: number;
  bookings: number;
  jailDays: number;
  prisonAdmissions: number;
}

export const MEASURES = ['arrests', 'charges', 'felonyCharges', 'bookings', 'jailDays', 'prisonAdmissions'] as const;
export type Measure = (typeof MEASURES)[number];

/** One participant's history: days followed after entry, and their records as days from entry. */
export interface ParticipantHistory {
  participantId: string;
  entryDay: string;
  /**
   * Days followed after entry: to the censoring day (the latest `coveredThrough` known, or the report's instant if
   * earlier). 0 or less when they entered after the extract ends: then nothing after entry is known.
   */
  followedDays: number;
  records: Array<{ offset: number; record: JusticeRecord }>;
}

const DAY_MS = 86_400_000;
/** Whole days from one local day to another (`YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Each entry's history up to the censoring day (records after it are a later extract's, not counted). */
export function historiesOf(
  entries: readonly ProgramEntry[],
  records: readonly JusticeRecord[],
  censoredOn: string,
): ParticipantHistory[] {
  const byParticipant = new Map<string, JusticeRecord[]>();
  for (const record of records) {
    const list = byParticipant.get(record.participantId) ?? [];
    list.push(record);
    byParticipant.set(record.participantId, list);
  }
  return entries.map(({ participantId, entryDay }) => ({
    participantId,
    entryDay,
    followedDays: daysBetween(entryDay, censoredOn),
    records: (byParticipant.get(participantId) ?? [])
      .filter((record) => record.day <= censoredOn)
      .map((record) => ({ offset: daysBetween(entryDay, record.day), record }))
      .sort((a, b) => a.offset - b.offset),
  }));
}

const zero = (): JusticeCounts => ({
  arrests: 0,
  charges: 0,
  felonyCharges: 0,
  bookings: 0,
  jailDays: 0,
  prisonAdmissions: 0,
});

/** The counts of records whose offset is within [from, to] (days from entry, inclusive). */
export function countsIn(history: ParticipantHistory, from: number, to: number): JusticeCounts {
  const counts = zero();
  for (const { offset, record } of history.records) {
    if (offset < from || offset > to) continue;
    if (record.kind === 'arrest') counts.arrests += 1;
    else if (record.kind === 'charge') {
      counts.charges += 1;
      if (record.felony) counts.felonyCharges += 1;
    } else if (record.kind === 'booking') counts.bookings += 1;
    // A stay is dated by its release: a stay that began before entry and ended after it counts after.
    else if (record.kind === 'jail_release') counts.jailDays += record.jailDays;
    else counts.prisonAdmissions += 1;
  }
  return counts;
}

/** The same-length windows before and after entry: `days` each side (days −days … −1 and 1 … days). */
export function aroundEntry(
  history: ParticipantHistory,
  days: number,
): { before: JusticeCounts; after: JusticeCounts } {
  return { before: countsIn(history, -days, -1), after: countsIn(history, 1, days) };
}

/** The days from entry to the first arrest after it, or null when none within follow-up. */
export function firstArrestAfter(history: ParticipantHistory): number | null {
  return history.records.find(({ offset, record }) => offset >= 1 && record.kind === 'arrest')?.offset ?? null;
}

export function sumCounts(all: readonly JusticeCounts[]): JusticeCounts {
  const total = zero();
  for (const counts of all) for (const measure of MEASURES) total[measure] += counts[measure];
  return total;
}
