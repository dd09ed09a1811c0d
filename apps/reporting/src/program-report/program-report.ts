import type { Rate } from '@lead/disclosure-control';
import type { Count } from './figure-table.js';

/** The period a report covers, in the jurisdiction's local days. */
export interface ReportedPeriod {
  label: string;
  kind: 'month' | 'quarter' | 'year';
  firstDay: string;
  lastDay: string;
}

/** Counts by a code (a door, a district, a reason, a status). */
export type CountsBy = Record<string, Count>;

/**
 * The program report of one jurisdiction and period, from the events the service had recorded by `asOf`. The funnel
 * (referrals to enrolment, hand-off) is the cohort of referrals made in the period, followed to wherever they had got
 * by `asOf`; the rest counts what happened in the period (intakes, exits, charges, sealing, service connections) and
 * who was in the program at each month's end.
 */
export interface ProgramReport {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  /** Set for evaluators: counts from 1 to this minus one, and any count that would give one back, are `null`. */
  suppressedBelow: number | null;
  referrals: { total: Count; byDoor: CountsBy; byDistrict: CountsBy };
  screening: { eligible: Count; ineligible: Count; excludedBy: CountsBy };
  prosecutor: { eligible: Count; ineligible: Count; overridden: Count };
  offers: { accepted: Count; declined: Count };
  enrolment: { enrolled: Count; rate: Rate; closedByReason: CountsBy };
  handOff: {
    handOffs: Count;
    /** Minutes from the call to the case manager's arrival (Hyndman & Fan type 7); withheld with a small count. */
    medianMinutes: number | null;
    p90Minutes: number | null;
    withinTarget: Count;
    withinTargetShare: Rate;
  };
  intake: { completed: Count; withinDeadline: Count; missedDeadline: Count; withinDeadlineRate: Rate };
  /** At each month's end: the participants in the program, by engagement level. */
  participants: Array<{ month: string; active: Count; engaged: Count; low: Count; inactive: Count }>;
  /** Service connections that changed in the period, by category: their status at its end, and how many closed. */
  serviceConnections: Array<{ category: string; total: Count; closedLoop: Count; byStatus: CountsBy }>;
  exits: { total: Count; byReason: CountsBy };
  charges: { declined: Count; declinedByReason: CountsBy; released: Count; releasedByReason: CountsBy; filed: Count };
  sealing: { confirmedByCustodian: CountsBy; overdueByCustodian: CountsBy };
}
