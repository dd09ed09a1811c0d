/**
 * A fixed reporting period: a month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`), in the jurisdiction's
 * local days. Reports are given for these only, never for an arbitrary range: two overlapping ranges released to an
 * evaluator could be differenced down to one person.
 */
export interface ReportingPeriod {
  label: string;
  kind: 'month' | 'quarter' | 'year';
  /** The first local day (`YYYY-MM-DD`). */
  firstDay: string;
  /** The local day after the last one: periods are half-open. */
  endDay: string;
  /** The months it spans (`YYYY-MM`), for series. */
  months: string[];
}

export const REPORTING_PERIOD_PATTERN = '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$';

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month: number) =>
  `${year + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-01`;

/** The period a label names; undefined when it names none (the request's validation answers that). */
export function reportingPeriod(label: string): ReportingPeriod | undefined {
  const match = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  const [kind, firstMonth, count]: [ReportingPeriod['kind'], number, number] = match[2]
    ? ['month', Number(match[2]), 1]
    : match[3]
      ? ['quarter', (Number(match[3]) - 1) * 3 + 1, 3]
      : ['year', 1, 12];
  if (firstMonth < 1 || firstMonth > 12 || year < 1900) return undefined;
  const months = Array.from({ length: count }, (_, i) => monthStart(year, firstMonth + i).slice(0, 7));
  return { label, kind, firstDay: monthStart(year, firstMonth), endDay: monthStart(year, firstMonth + count), months };
}

/** The last local day of a month (`YYYY-MM`). */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  const next = new Date(Date.UTC(year, m, 1));
  next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}
