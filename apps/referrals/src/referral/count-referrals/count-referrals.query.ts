import type { ReferralDoor } from '@lead/jurisdictions';
import { Query } from '@nestjs/cqrs';
import type { CloseReason } from '../../projections/referral-summary.entity.js';
import type { CountReferralsRequest } from './count-referrals.request.js';

/** A number of referrals; `null` when withheld as a small cell (`SMALL_CELL_MINIMUM` of @lead/disclosure-control). */
export type Count = number | null;

/**
 * Referrals of one jurisdiction and door, by outcome. Every recorded referral is counted, the
 * ineligible and the declined included: they are closed and kept, never thrown away.
 */
export interface ReferralCounts {
  jurisdiction: string;
  door: ReferralDoor;
  recorded: Count;
  /** The officer's screening. */
  screenedEligible: Count;
  screenedIneligible: Count;
  /** Now: the prosecutor's decision where there is one, else the screening. */
  eligible: Count;
  ineligible: Count;
  prosecutorDecided: Count;
  prosecutorOverrode: Count;
  offerAccepted: Count;
  offerDeclined: Count;
  open: Count;
  accepted: Count;
  closed: Count;
  closedByReason: Record<CloseReason, Count>;
  /** Case manager on scene after the LEAD line call, and how many within the protocol's target. */
  handOffs: Count;
  handOffsWithinTarget: Count;
}

export interface ReferralCountsReport {
  referredFrom: string | null;
  referredTo: string | null;
  /** When set, every count from 1 to this minus one is `null` (withheld); 0 is shown. */
  suppressedBelow: number | null;
  groups: ReferralCounts[];
}

/** Aggregates only: no referral, participant or officer is named. */
export class CountReferralsQuery extends Query<ReferralCountsReport> {
  constructor(
    readonly filter: CountReferralsRequest,
    readonly jurisdictions: readonly string[],
    /** Withhold small cells (evaluators). */
    readonly suppressSmallCells: boolean,
  ) {
    super();
  }
}
