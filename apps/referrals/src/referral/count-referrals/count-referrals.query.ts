import type { ReferralDoor } from '@lead/jurisdictions';
import { Query } from '@nestjs/cqrs';
import type { CloseReason } from '../../projections/referral-summary.entity.js';
import type { CountReferralsRequest } from './count-referrals.request.js';

/**
 * Referrals of one jurisdiction and door, by outcome. Every recorded referral is counted, the
 * ineligible and the declined included: they are closed and kept, never thrown away.
 */
export interface ReferralCounts {
  jurisdiction: string;
  door: ReferralDoor;
  recorded: number;
  /** The officer's screening. */
  screenedEligible: number;
  screenedIneligible: number;
  /** Now: the prosecutor's decision where there is one, else the screening. */
  eligible: number;
  ineligible: number;
  prosecutorDecided: number;
  prosecutorOverrode: number;
  offerAccepted: number;
  offerDeclined: number;
  open: number;
  accepted: number;
  closed: number;
  closedByReason: Record<CloseReason, number>;
  /** Case manager on scene after the LEAD line call, and how many within the protocol's target. */
  handOffs: number;
  handOffsWithinTarget: number;
}

export interface ReferralCountsReport {
  referredFrom: string | null;
  referredTo: string | null;
  groups: ReferralCounts[];
}

/** Aggregates only: no referral, participant or officer is named. */
export class CountReferralsQuery extends Query<ReferralCountsReport> {
  constructor(
    readonly filter: CountReferralsRequest,
    readonly jurisdictions: readonly string[],
  ) {
    super();
  }
}
