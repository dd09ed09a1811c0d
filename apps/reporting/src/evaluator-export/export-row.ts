import { equityGroupOf } from '../equity-report/equity-group.js';
import type { ExportColumn, ExportKind } from './export-columns.js';

/** One fact as the export reads it (no id but the participant's, which only the pseudonym is made of). */
export interface ExportFact {
  participantId: string;
  type: string;
  jurisdiction: string;
  /** The local day (`YYYY-MM-DD`). */
  occurredOn: string;
  district: string | null;
  outcome: string | null;
  minutes: number | null;
  /** The participant's latest demographics as opened into the facts: `{ erased: true }` once erased. */
  demographics: unknown;
}

export interface RowContext {
  kind: ExportKind;
  pseudonymOf: (participantId: string) => string;
  /** The districts of the export's jurisdiction configured coarse enough for a de-identified file. */
  coarseDistricts: ReadonlySet<string>;
}

export type ExportValue = string | number | null;

/**
 * A code as the export carries it. Outcomes are codes by contract; should an event type ever put something else in
 * its code (a date, an id, a sentence), it is left out rather than let through.
 */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;
const DATE_LIKE = /\d{4}-\d{2}-\d{2}/;
const UUID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
function code(value: string | null): string | null {
  if (value === null || !CODE.test(value) || DATE_LIKE.test(value) || UUID_LIKE.test(value)) return null;
  return value;
}

interface Demographics {
  raceEthnicity?: unknown;
  sex?: unknown;
}
function openedDemographics(value: unknown): Demographics | null {
  if (!value || typeof value !== 'object' || 'erased' in value) return null;
  return value as Demographics;
}

/** The row of one fact, one value per column, in the columns' order. Pure. */
export function exportRowOf(fact: ExportFact, columns: readonly ExportColumn[], context: RowContext): ExportValue[] {
  const demographics = openedDemographics(fact.demographics);
  const value = (column: ExportColumn): ExportValue => {
    switch (column.name) {
      case 'pseudonym':
        return context.pseudonymOf(fact.participantId);
      case 'jurisdiction':
        return fact.jurisdiction;
      case 'event_type':
        return fact.type;
      case 'year':
        return Number(fact.occurredOn.slice(0, 4));
      case 'event_date':
        return context.kind === 'limited' ? fact.occurredOn : null;
      case 'district':
        if (fact.district === null) return null;
        return context.kind === 'limited' || context.coarseDistricts.has(fact.district) ? code(fact.district) : null;
      case 'outcome':
        return code(fact.outcome);
      case 'minutes':
        return fact.minutes;
      case 'equity_group': {
        const answers = demographics?.raceEthnicity;
        return equityGroupOf(Array.isArray(answers) ? answers.filter((a) => typeof a === 'string') : null);
      }
      case 'sex':
        return typeof demographics?.sex === 'string' ? code(demographics.sex) : null;
      default:
        throw new RangeError(`No value for export column ${column.name}`);
    }
  };
  return columns.map(value);
}
