import type { Count } from '../program-report/figure-table.js';
import type { ReportedPeriod } from '../program-report/program-report.js';

/** One unit cost as the report priced with it, and where it came from. */
export interface UnitCostAssumption {
  name: string;
  /** null: not priced (prison, unless the protocol sets `prisonAdmission`). */
  value: number | null;
  /** `protocol`: the version's file sets it; `default`: the file leaves it out and the documented default applies. */
  source: 'protocol' | 'default';
  /** Not a figure the program published (listed in the protocol's `unpublished`, or a default). */
  unpublished: boolean;
}

export interface CostSide {
  count: Count;
  cost: number | null;
}

export interface CostCategory {
  category: 'jail' | 'bookings' | 'prosecution' | 'defense' | 'police' | 'prison';
  /** How it is priced, e.g. `jail days × jailDay`. */
  basis: string;
  before: CostSide;
  after: CostSide;
  /** after − before: negative where the cost fell. */
  change: number | null;
}

export interface BeforeAfter {
  before: number | null;
  after: number | null;
  change: number | null;
}

/**
 * The legal-system cost of the participants who entered in the period, before and after entry over the same number
 * of days each side, the program's cost, and the estimate against system-as-usual, every assumption beside it.
 */
export interface CostReport {
  jurisdiction: string;
  period: ReportedPeriod;
  asOf: string;
  suppressedBelow: number | null;
  currency: 'USD';
  assumptions: {
    /** The protocol version whose unit costs price the report: the one in force on the period's last day. */
    protocolVersion: string;
    unitCosts: UnitCostAssumption[];
    window: string;
    systemAsUsual: string;
    notes: string[];
  };
  participants: Count;
  /** Participants followed at least a day after entry (the justice-system extract's last day is `censoredOn`). */
  followed: Count;
  censoredOn: string | null;
  /** Person-months followed after entry (and as many before it). */
  personMonths: number | null;
  legalSystem: { categories: CostCategory[]; total: BeforeAfter; perPersonMonth: BeforeAfter };
  program: {
    costPerParticipantMonth: number;
    /** Participant-months enrolled in the period, every case of the jurisdiction, and their cost. */
    periodParticipantMonths: number | null;
    periodCost: number | null;
    /** The period's entrants' participant-months enrolled during their follow-up, and their cost. */
    cohortParticipantMonths: number | null;
    cohortCost: number | null;
  };
  estimate: {
    /** The participants' own legal-system cost per person-month before entry. */
    systemAsUsualPerPersonMonth: number | null;
    /** Their legal-system cost per person-month after entry plus the program's cost per person-month followed. */
    withProgramPerPersonMonth: number | null;
    /** systemAsUsual − withProgram: negative where the program cost more than it saved. */
    savingsPerPersonMonth: number | null;
    /** Over the cohort's follow-up: legal-system cost before − after − the program's cost for them. Not clamped. */
    savings: number | null;
    /** savings / the cost before: the share of system-as-usual that could be reinvested (negative: an increase). */
    savingsShare: number | null;
  };
}
