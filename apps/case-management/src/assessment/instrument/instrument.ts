/**
 * An assessment instrument as one versioned configuration file, `config/instruments/<id>/<version>.json`. No LEAD
 * site standardises on one tool (VI-SPDAT is discontinued), so the questions, their answer codes, how they are
 * tallied and when they are due are data; an assessment records the id and version it was taken under.
 */
export interface Instrument {
  id: string;
  /** `YYYY-MM`, the month the version was adopted: versions of one instrument sort by it. */
  version: string;
  name: string;
  description: string;
  /** Where the content comes from and what in it was chosen rather than copied. */
  notes?: string;
  domains: readonly InstrumentDomain[];
  items: readonly InstrumentItem[];
  /** Answer set id → its options, in the order they are offered. */
  answerSets: Readonly<Record<string, readonly AnswerOption[]>>;
  /** One entry per scored domain; a domain without one is recorded but not tallied. */
  scoring: readonly DomainScoring[];
  schedule: Schedule;
}

export interface InstrumentDomain {
  id: string;
  name: string;
}

export interface InstrumentItem {
  id: string;
  domain: string;
  prompt: string;
  /** The HUD HMIS data element the answer maps to (e.g. `3.917`), when it maps to one. */
  hmis?: string;
  answerSet: string;
  required: boolean;
}

export interface AnswerOption {
  /** The stored value; for HMIS answer sets, the HMIS response code (`1` yes, `99` data not collected). */
  code: string;
  label: string;
  /** A grouping of options for reports, e.g. the HMIS living situation groups (`homeless`, `permanent`). */
  group?: string;
}

/**
 * A domain's score is the sum, over its scored items, of the points of the option chosen. An option without points,
 * and an unanswered optional item, add nothing.
 */
export interface DomainScoring {
  domain: string;
  /** Item id → option code → points. */
  items: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Ascending by `from`; a score falls in the last band whose `from` it reaches. */
  bands: readonly ScoreBand[];
}

export interface ScoreBand {
  id: string;
  label: string;
  from: number;
}

export const SCHEDULE_ANCHORS = ['intake', 'previous', 'exit'] as const;
/** What an occasion's days count from: the intake, the occasion before it in the schedule, or the exit. */
export type ScheduleAnchor = (typeof SCHEDULE_ANCHORS)[number];

export interface Schedule {
  occasions: readonly Occasion[];
}

/**
 * When an assessment is due: the target day is the anchor plus `offsetDays`, and the window runs from
 * `windowBeforeDays` before it to `windowAfterDays` after it, both edges included.
 */
export interface Occasion {
  /** e.g. `entry`, `baseline`, `reassessment`, `closeout`. */
  occasion: string;
  anchor: ScheduleAnchor;
  offsetDays: number;
  windowBeforeDays: number;
  windowAfterDays: number;
  /** Due again every so many days after the first target (only for `intake` and `previous` anchors). */
  repeat?: { everyDays: number };
  /**
   * Whether the occasion is still due when its window opens after the exit. False for a program's own
   * reassessments (care has ended); true for a funder's follow-up that is owed whether or not the person is
   * still in care.
   */
  continuesAfterExit: boolean;
}
