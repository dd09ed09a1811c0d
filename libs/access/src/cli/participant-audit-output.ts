import type { DisclosureAccounting, JourneyEvent } from '../audit/participant-history.js';

type Field = string | number | boolean | null | undefined;

/** Tab-separated fields, `-` for what is unknown; tabs and line breaks inside a field become spaces. */
function line(fields: Field[]): string {
  return fields
    .map((field) =>
      field === undefined || field === null || field === '' ? '-' : String(field).replace(/[\t\r\n]+/g, ' '),
    )
    .join('\t');
}

const json = (value: unknown) => (value === undefined || value === null ? undefined : JSON.stringify(value));

/**
 * One journey event, one line: position, recordedAt, stream, revision, type, actor subject, agency and role, then
 * the opened data as JSON when it was opened; or, with `asJson`, the event as one JSON object.
 */
export function formatJourneyEvent(event: JourneyEvent, asJson = false): string {
  if (asJson) return JSON.stringify(event);
  return line([
    event.position,
    event.recordedAt,
    event.streamId,
    event.revision,
    event.type,
    event.actor?.subject,
    event.actor?.agency,
    event.actor?.role,
    ...('data' in event ? [json(event.data)] : []),
  ]);
}

/** One entry of the accounting, whichever its kind, in the order the log recorded them. */
export type AccountingEntry =
  | ({ kind: 'read' } & DisclosureAccounting['reads'][number])
  | ({ kind: 'consent' } & DisclosureAccounting['consents'][number])
  | ({ kind: 'history-read' } & DisclosureAccounting['historyReads'][number]);

/** The accounting's reads, consents and history reads as one list, by the time they were recorded. */
export function accountingEntries(accounting: DisclosureAccounting): AccountingEntry[] {
  const entries: AccountingEntry[] = [
    ...accounting.reads.map((read) => ({ kind: 'read' as const, ...read })),
    ...accounting.consents.map((consent) => ({ kind: 'consent' as const, ...consent })),
    ...accounting.historyReads.map((read) => ({ kind: 'history-read' as const, ...read })),
  ];
  // A stable sort: entries recorded at the same instant keep the accounting's order.
  return entries.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
}

/**
 * One accounting entry, one line, by kind (then recordedAt, actor subject, agency, role):
 * `read` purpose, view, outcome, consent (its id, or `withheld:<why>`), route, jurisdiction;
 * `consent` the event type, consent id, purpose, recipients, scope, expiry, revokedAt, stream (JSON where structured);
 * `history-read` history (journey or disclosures), purpose, personal values shown, asOf, events, jurisdictions.
 */
export function formatAccountingEntry(entry: AccountingEntry, asJson = false): string {
  if (asJson) return JSON.stringify(entry);
  const who = [entry.recordedAt, entry.actor?.subject, entry.actor?.agency, entry.actor?.role];
  switch (entry.kind) {
    case 'read':
      return line([
        'read',
        ...who,
        entry.purpose,
        entry.view,
        entry.outcome,
        entry.consentId ?? (entry.withheldBecause ? `withheld:${entry.withheldBecause}` : undefined),
        entry.route,
        entry.jurisdiction,
      ]);
    case 'consent':
      return line([
        'consent',
        ...who,
        entry.type,
        entry.consentId,
        json(entry.purpose),
        json(entry.recipients),
        json(entry.scope),
        json(entry.expiry),
        json(entry.revokedAt),
        entry.streamId,
      ]);
    case 'history-read':
      return line([
        'history-read',
        ...who,
        entry.history,
        entry.purpose,
        entry.personalValues ? 'personal-values' : 'no-personal-values',
        entry.asOf,
        entry.events,
        entry.jurisdictions.join(','),
      ]);
  }
}
