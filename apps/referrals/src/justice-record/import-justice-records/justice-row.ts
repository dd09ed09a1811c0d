import { CONFIGURED_CODE } from '@lead/contracts';
import { isMatchableName } from '../../participant/participant-match-key.js';
import { JUSTICE_RECORD_KINDS, type JusticeRecordKind } from '../justice-record.events.js';
import { raceEthnicityOf, type HmisRaceEthnicity } from './race-ethnicity.js';

/** Every field a row may carry (the CSV header's columns, the NDJSON object's keys): docs/justice-import.md. */
export const JUSTICE_ROW_FIELDS = [
  'kind',
  'recordId',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sourcePersonId',
  'race',
  'ethnicity',
  'district',
  'eventDate',
  'offenseCode',
  'felony',
  'jailDays',
] as const;
export type JusticeRowField = (typeof JUSTICE_ROW_FIELDS)[number];

/** The columns a CSV header must name (the others may be left out: their values are then empty). */
export const REQUIRED_COLUMNS: readonly JusticeRowField[] = [
  'kind',
  'recordId',
  'givenName',
  'familyName',
  'dateOfBirth',
  'district',
  'eventDate',
];

/** One justice event as the source system reported it, validated. */
export interface JusticeRow {
  kind: JusticeRecordKind;
  recordId: string;
  person: { givenName: string; familyName: string; dateOfBirth: string; sourcePersonId?: string };
  raceEthnicity: HmisRaceEthnicity[];
  district: string;
  eventDate: string;
  /** Charges always; arrests and bookings when the source gives one. */
  offenseCode?: string;
  /** Charges only. */
  felony?: boolean;
  /** Jail releases only. */
  jailDays?: number;
}

/** Why a row was refused: a stable code, and the field when one is to blame. */
export interface RowRejection {
  reason: RowReason;
  field?: string;
}

export type RowReason =
  | 'malformed_csv'
  | 'wrong_field_count'
  | 'invalid_json'
  | 'not_an_object'
  | 'line_too_long'
  | 'unknown_field'
  | 'missing_field'
  | 'not_a_string'
  | 'too_long'
  | 'unknown_kind'
  | 'invalid_record_id'
  | 'unmatchable_name'
  | 'invalid_date'
  | 'born_after_event'
  | 'after_covered_through'
  | 'unknown_district'
  | 'unknown_code'
  | 'invalid_offense_code'
  | 'offense_code_not_allowed'
  | 'invalid_felony'
  | 'felony_not_a_charge'
  | 'jail_days_not_a_release'
  | 'jail_days_out_of_range';

/** What a row is checked against: the jurisdiction's districts and the day the extract is complete through. */
export interface RowContext {
  districts: ReadonlySet<string>;
  coveredThrough: string;
}

export const MAX_JAIL_DAYS = 3650;
const MAX_NAME_LENGTH = 100;
/** A source system's ids: letters, digits and `._:-`, at most 64 characters (no space: never a name). */
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: ReadonlySet<string> = new Set(JUSTICE_RECORD_KINDS);
const FIELDS: ReadonlySet<string> = new Set(JUSTICE_ROW_FIELDS);

/** A real calendar day, YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

class Refused extends Error {
  constructor(readonly rejection: RowRejection) {
    super(rejection.reason);
  }
}
const refuse = (reason: RowReason, field?: JusticeRowField | string): never => {
  throw new Refused(field === undefined ? { reason } : { reason, field });
};

/**
 * One row checked on its own: CSV rows give every value as text, NDJSON rows as JSON (`felony` may be a boolean,
 * `jailDays` a number). An empty value is an absent one. The first fault found is the answer.
 */
export function readJusticeRow(
  values: Readonly<Record<string, unknown>>,
  context: RowContext,
): JusticeRow | RowRejection {
  try {
    return checkedRow(values, context);
  } catch (error) {
    if (error instanceof Refused) return error.rejection;
    throw error;
  }
}

export function isRejection(row: JusticeRow | RowRejection): row is RowRejection {
  return 'reason' in row;
}

function checkedRow(values: Readonly<Record<string, unknown>>, context: RowContext): JusticeRow {
  for (const key of Object.keys(values)) if (!FIELDS.has(key)) refuse('unknown_field', key);
  const text = (field: JusticeRowField): string | undefined => {
    const value = values[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return refuse('not_a_string', field);
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const required = (field: JusticeRowField): string => text(field) ?? refuse('missing_field', field);

  const kind = required('kind');
  if (!KINDS.has(kind)) refuse('unknown_kind', 'kind');
  const recordId = required('recordId');
  if (!SOURCE_ID.test(recordId)) refuse('invalid_record_id', 'recordId');
  const givenName = name(required('givenName'), 'givenName');
  const familyName = name(required('familyName'), 'familyName');
  const dateOfBirth = required('dateOfBirth');
  if (!isCalendarDate(dateOfBirth)) refuse('invalid_date', 'dateOfBirth');
  const sourcePersonId = text('sourcePersonId');
  if (sourcePersonId !== undefined && !SOURCE_ID.test(sourcePersonId)) refuse('invalid_record_id', 'sourcePersonId');
  const raceEthnicity = raceEthnicityOf(text('race'), text('ethnicity'));
  if ('unknown' in raceEthnicity) return refuse('unknown_code', raceEthnicity.unknown);
  const district = required('district');
  if (!context.districts.has(district)) refuse('unknown_district', 'district');
  const eventDate = required('eventDate');
  if (!isCalendarDate(eventDate)) refuse('invalid_date', 'eventDate');
  if (eventDate > context.coveredThrough) refuse('after_covered_through', 'eventDate');
  if (dateOfBirth > eventDate) refuse('born_after_event', 'dateOfBirth');

  const offenseCode = text('offenseCode');
  if (offenseCode !== undefined && !CONFIGURED_CODE.test(offenseCode)) refuse('invalid_offense_code', 'offenseCode');
  if (offenseCode !== undefined && (kind === 'jail_release' || kind === 'prison_admission'))
    refuse('offense_code_not_allowed', 'offenseCode');
  if (kind === 'charge' && offenseCode === undefined) refuse('missing_field', 'offenseCode');
  const felony = felonyOf(values.felony);
  if (felony !== undefined && kind !== 'charge') refuse('felony_not_a_charge', 'felony');
  if (kind === 'charge' && felony === undefined) refuse('missing_field', 'felony');
  const jailDays = jailDaysOf(values.jailDays);
  if (jailDays !== undefined && kind !== 'jail_release') refuse('jail_days_not_a_release', 'jailDays');
  if (kind === 'jail_release' && jailDays === undefined) refuse('missing_field', 'jailDays');

  return {
    kind: kind as JusticeRecordKind,
    recordId,
    person: { givenName, familyName, dateOfBirth, ...(sourcePersonId !== undefined ? { sourcePersonId } : {}) },
    raceEthnicity: raceEthnicity.answers,
    district,
    eventDate,
    ...(offenseCode !== undefined ? { offenseCode } : {}),
    ...(felony !== undefined ? { felony } : {}),
    ...(jailDays !== undefined ? { jailDays } : {}),
  };
}

/** A name matching can tell a person by (the same rule registration applies): else the row could match anyone. */
function name(value: string, field: JusticeRowField): string {
  if (value.length > MAX_NAME_LENGTH) refuse('too_long', field);
  if (!isMatchableName(value)) refuse('unmatchable_name', field);
  return value;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'felony']);
const FALSE = new Set(['false', 'no', 'n', '0', 'misdemeanor']);

function felonyOf(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return refuse('invalid_felony', 'felony');
  const word = value.trim().toLowerCase();
  if (word === '') return undefined;
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  return refuse('invalid_felony', 'felony');
}

function jailDaysOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  let days: number;
  if (typeof value === 'number') days = value;
  else if (typeof value === 'string') {
    const digits = value.trim();
    if (digits === '') return undefined;
    if (!/^-?\d{1,7}$/.test(digits)) return refuse('jail_days_out_of_range', 'jailDays');
    days = Number(digits);
  } else return refuse('jail_days_out_of_range', 'jailDays');
  if (!Number.isInteger(days) || days < 0 || days > MAX_JAIL_DAYS) refuse('jail_days_out_of_range', 'jailDays');
  return days;
}
