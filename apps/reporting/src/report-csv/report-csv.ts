/**
 * A report as CSV for a funder's spreadsheet: one row per figure, its dotted path as the measure (e.g.
 * `referrals.byDoor.arrest_diversion`), its value, and a note where there is none: in a copy with small cells
 * withheld (`suppressedBelow` set) an empty value is `withheld` (a withheld count, or a figure over one: which, the
 * copy does not say); in an exact copy it is `none` (no hand-offs, no median; a rate of nothing). Never a 0 that
 * reads as a count. Values are numbers, codes, days or instants; quoting follows RFC 4180 all the same.
 */
export function reportCsv(report: object): string {
  const rows: string[][] = [['measure', 'value', 'note']];
  const suppressed = (report as { suppressedBelow?: number | null }).suppressedBelow != null;
  const walk = (value: unknown, path: string): void => {
    if (value === null) rows.push([path, '', suppressed ? 'withheld' : 'none']);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${labelOf(item) ?? i}]`));
    else if (typeof value === 'object')
      for (const [key, inner] of Object.entries(value as Record<string, unknown>))
        walk(inner, path ? `${path}.${key}` : key);
    else rows.push([path, String(value), '']);
  };
  walk(report, '');
  return rows.map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n';
}

/** A list item named by its month, category, group or point, so rows read `participants[2026-07].active`. */
function labelOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const named = item as Record<string, unknown>;
  for (const key of ['month', 'category', 'group', 'point'])
    if (typeof named[key] === 'string') return named[key] as string;
  return undefined;
}

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
