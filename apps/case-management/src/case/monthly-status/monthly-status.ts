import type { Instrument } from '../../assessment/instrument/instrument.js';
import type { EngagementLevel } from '../case-vocabulary.js';
import type { CaseEvent } from '../case.events.js';
import type { LivingSituationGroup } from '../demographics.js';

/** An HMIS yes/no answer as the evaluation reads it (HMIS codes 1, 0, 8, 9, 99). */
export type HmisYesNo = 'yes' | 'no' | 'client_doesnt_know' | 'client_prefers_not_to_answer' | 'data_not_collected';

/**
 * A participant's standing at the end of one calendar month (UTC): what the evaluations analyse month by month
 * (housing, income and benefits, contacts, engagement). Employment has no source in the case yet (no instrument
 * asks it): `data_not_collected`, never a guess.
 */
export interface MonthlyStatus {
  month: string;
  inServices: boolean;
  housing: LivingSituationGroup;
  income: HmisYesNo;
  nonCashBenefits: HmisYesNo;
  healthInsurance: HmisYesNo;
  employment: 'data_not_collected';
  /** Contacts that reached the participant during the month, and attempts that did not. */
  contacts: number;
  outreachAttempts: number;
  engagement: EngagementLevel;
}

/** A case event with its sealed values opened (the answers, the contact's observation). */
type Opened = CaseEvent & Record<string, unknown>;

const YES_NO: Record<string, HmisYesNo> = {
  '1': 'yes',
  '0': 'no',
  '8': 'client_doesnt_know',
  '9': 'client_prefers_not_to_answer',
  '99': 'data_not_collected',
};
const NOT_ASKED: Record<string, LivingSituationGroup> = {
  '8': 'client_doesnt_know',
  '9': 'client_prefers_not_to_answer',
  '99': 'data_not_collected',
};

const monthOf = (instant: string) => instant.slice(0, 7);
function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The answers of an assessment by HMIS element (`4.02` …), through the items of the instrument version it was taken
 * under: generic, since every instrument names the elements its items map to.
 */
function byHmisElement(
  instrument: Instrument | undefined,
  answers: unknown,
): Map<string, { code: string; group?: string }> {
  const found = new Map<string, { code: string; group?: string }>();
  if (!instrument || typeof answers !== 'object' || answers === null) return found;
  for (const item of instrument.items) {
    const code = (answers as Record<string, unknown>)[item.id];
    if (!item.hmis || typeof code !== 'string') continue;
    const group = instrument.answerSets[item.answerSet]?.find((option) => option.code === code)?.group;
    found.set(item.hmis, { code, ...(group !== undefined ? { group } : {}) });
  }
  return found;
}

/**
 * One status per calendar month from the month the case opened to `throughMonth`, produced from the case's events
 * (read with their sealed values opened): housing is the latest living situation seen by the month's end (a contact's
 * observation or an assessment's HMIS 4.12), income and benefits the latest assessment's HMIS 4.02–4.04.
 */
export function monthlyStatuses(
  events: readonly Opened[],
  throughMonth: string,
  instrumentOf: (id: string, version: string) => Instrument | undefined,
): MonthlyStatus[] {
  const opened = events.find((e) => e.type === 'CaseOpened') as Extract<CaseEvent, { type: 'CaseOpened' }> | undefined;
  if (!opened) return [];
  // Each event at its instant; a day-only assessment counts from the start of its day.
  const dated = events
    .map((event) => ({ event, at: instantOf(event) }))
    .filter((d): d is { event: Opened; at: string } => d.at !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at));
  const statuses: MonthlyStatus[] = [];
  const standing = {
    inServices: true,
    housing: 'data_not_collected' as LivingSituationGroup,
    income: 'data_not_collected' as HmisYesNo,
    nonCashBenefits: 'data_not_collected' as HmisYesNo,
    healthInsurance: 'data_not_collected' as HmisYesNo,
    engagement: 'engaged' as EngagementLevel,
  };
  let next = 0;
  for (let month = monthOf(opened.openedAt); month <= throughMonth; month = nextMonth(month)) {
    let contacts = 0;
    let outreachAttempts = 0;
    for (; next < dated.length && monthOf(dated[next]!.at) <= month; next++) {
      const e = dated[next]!.event;
      switch (e.type) {
        case 'ContactLogged': {
          if (e.successful) contacts++;
          else outreachAttempts++;
          const seen = (e.observation as { livingSituation?: LivingSituationGroup } | null)?.livingSituation;
          if (seen) standing.housing = seen;
          break;
        }
        case 'AssessmentRecorded': {
          const answers = byHmisElement(instrumentOf(e.instrument.id, e.instrument.version), e.answers);
          const living = answers.get('4.12');
          if (living) standing.housing = NOT_ASKED[living.code] ?? (living.group as LivingSituationGroup) ?? 'other';
          for (const [element, field] of [
            ['4.02', 'income'],
            ['4.03', 'nonCashBenefits'],
            ['4.04', 'healthInsurance'],
          ] as const) {
            const answer = answers.get(element);
            if (answer) standing[field] = YES_NO[answer.code] ?? 'data_not_collected';
          }
          break;
        }
        case 'EngagementChanged':
          standing.engagement = e.level;
          break;
        case 'CaseExited':
          standing.inServices = false;
          break;
        case 'CaseReenrolled':
          standing.inServices = true;
          break;
        default:
          break;
      }
    }
    statuses.push({ month, ...standing, employment: 'data_not_collected', contacts, outreachAttempts });
  }
  return statuses;
}

function instantOf(event: Opened): string | undefined {
  switch (event.type) {
    case 'CaseOpened':
      return event.openedAt;
    case 'ContactLogged':
      return event.contactedAt;
    case 'AssessmentRecorded':
      return `${event.completedOn}T00:00:00.000Z`;
    case 'EngagementChanged':
      return event.changedAt;
    case 'CaseExited':
      return event.exitedAt;
    case 'CaseReenrolled':
      return event.reenrolledAt;
    default:
      return undefined;
  }
}
