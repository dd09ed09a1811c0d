import type { AccessContext } from '@lead/access';
import { Query } from '@nestjs/cqrs';
import type { FollowUpRate } from '../../assessment/instrument/index.js';
import type { FollowUpRateRequest } from './follow-up-rate.request.js';

/** One program (jurisdiction × provider agency) and the instrument version its cases follow. */
export interface ProgramFollowUp {
  jurisdiction: string;
  provider: string;
  instrument: { id: string; version: string };
  /** Cases following this instrument version. */
  cases: number;
  /**
   * The instrument's follow-up occasion: its single reassessment counted from the intake (e.g. `samhsa-suprt`'s
   * `reassessment`, 180 ± 30 days); null when its schedule has none (of a repeating reassessment, the first window counts).
   */
  occasion: string | null;
  /** The share of intakes followed up in the occasion's window; null without a follow-up occasion. */
  followUp: FollowUpRate | null;
}

export interface FollowUpRateReport {
  /** The service's day the rate is reckoned on (UTC). */
  today: string;
  target: number;
  programs: ProgramFollowUp[];
}

/** A program admin: their jurisdictions' programs; a supervisor: their provider's. */
export class FollowUpRateQuery extends Query<FollowUpRateReport> {
  constructor(
    readonly filter: FollowUpRateRequest,
    readonly caller: AccessContext,
  ) {
    super();
  }
}
