import type { LimitedDataSetField } from '../data-use-agreement/limited-data-set-fields.js';

/** De-identified under HIPAA safe harbor, or a limited data set under a data-use agreement. */
export const EXPORT_KINDS = ['deidentified', 'limited'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date';
  meaning: string;
  /** Where the value comes from: the fact's column and the events that set it. */
  source: string;
  /** `always`; `coarse-only` (emptied unless configured coarse enough); `never`. */
  deidentified: 'always' | 'coarse-only' | 'never';
  /** `always`, or only when the data-use agreement names the field. */
  limited: 'always' | LimitedDataSetField;
}

/**
 * Every column of the evaluator export, in file order: the data dictionary (GET /v1/exports/evaluator/dictionary) is
 * this table, and each export's columns are the rows of it its kind (and agreement) allow. No column holds a
 * participant, referral, case, matter or staff id, a name, an address or free text; a de-identified file holds no
 * date finer than a year.
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  {
    name: 'pseudonym',
    type: 'string',
    meaning:
      'The participant, pseudonymous: HMAC-SHA-256 (base64url) of the participant id under the deployment’s export ' +
      'key and the recipient agency. Stable across one recipient’s exports; two recipients’ files cannot be joined.',
    source: 'program_facts.participant_id (never exported itself)',
    deidentified: 'always',
    limited: 'always',
  },
  {
    name: 'jurisdiction',
    type: 'string',
    meaning: 'The LEAD program (its jurisdiction id): the export’s geography.',
    source: 'program_facts.jurisdiction (every event’s envelope)',
    deidentified: 'always',
    limited: 'always',
  },
  {
    name: 'event_type',
    type: 'string',
    meaning: 'What happened: the integration event type (libs/contracts), e.g. lead.referral.recorded.',
    source: 'program_facts.type',
    deidentified: 'always',
    limited: 'always',
  },
  {
    name: 'year',
    type: 'integer',
    meaning: 'The year it happened in, in the jurisdiction’s local days (safe harbor keeps years only).',
    source: 'program_facts.occurred_on (each type’s own moment, e.g. referredAt, completedOn, filedOn)',
    deidentified: 'always',
    limited: 'always',
  },
  {
    name: 'event_date',
    type: 'date',
    meaning: 'The local day it happened on (YYYY-MM-DD). A limited data set only.',
    source: 'program_facts.occurred_on',
    deidentified: 'never',
    limited: 'event_date',
  },
  {
    name: 'district',
    type: 'string',
    meaning:
      'The police district of a referral or a justice record. De-identified: only a district configured as coarse ' +
      'enough (EVALUATOR_EXPORT_COARSE_DISTRICTS: 20,000 people or more, as a 3-digit ZIP), else empty.',
    source: 'program_facts.district (lead.referral.recorded, lead.justice.record-imported)',
    deidentified: 'coarse-only',
    limited: 'district',
  },
  {
    name: 'outcome',
    type: 'string',
    meaning:
      'The event’s one code: the door, the screening or prosecutor outcome, the exit or closing reason, the ' +
      'engagement level, the service status, the offense code, the housing status, the justice record’s kind, …',
    source: 'program_facts.outcome',
    deidentified: 'always',
    limited: 'outcome',
  },
  {
    name: 'minutes',
    type: 'number',
    meaning: 'A duration in minutes: the hand-off’s, from the call to the case manager’s arrival.',
    source: 'program_facts.minutes (lead.referral.handed-off)',
    deidentified: 'always',
    limited: 'minutes',
  },
  {
    name: 'equity_group',
    type: 'string',
    meaning:
      'Race and ethnicity (HMIS 3.04) recorded at intake, grouped as the equity report groups it (one answer its ' +
      'group, several `multiple`); `not_recorded` before an intake or once erased.',
    source: 'lead.case.demographics-recorded (sealed; opened into program_facts.attrs), latest recorded',
    deidentified: 'always',
    limited: 'equity_group',
  },
  {
    name: 'sex',
    type: 'string',
    meaning: 'Sex (HMIS 4.21 code) recorded at intake; empty when none was recorded or once erased.',
    source: 'lead.case.demographics-recorded (sealed; opened into program_facts.attrs), latest recorded',
    deidentified: 'always',
    limited: 'sex',
  },
];

/** The columns an export of this kind carries, under an agreement's fields for a limited data set. */
export function columnsOf(kind: ExportKind, agreedFields: readonly LimitedDataSetField[] = []): ExportColumn[] {
  return EXPORT_COLUMNS.filter((column) =>
    kind === 'deidentified'
      ? column.deidentified !== 'never'
      : column.limited === 'always' || agreedFields.includes(column.limited),
  );
}
