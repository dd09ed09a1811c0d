import type { Role } from '@lead/access';
import type { ReferralDoor } from '@lead/jurisdictions';
import { Query } from '@nestjs/cqrs';
import type { CloseReason, ReferralSummaryStatus } from '../../projections/referral-summary.entity.js';
import type { ListReferralsRequest } from './list-referrals.request.js';

/** Who lists referrals: acting role, agency and jurisdictions, from the access context. */
export interface ReferralLister {
  readonly role: Role;
  readonly principal: { readonly agency: string };
  readonly jurisdictions: readonly string[];
}

/** One referral as the read model has it: status and workflow facts, no personal data. */
export interface ReferralSummaryView {
  referralId: string;
  participantId: string;
  jurisdiction: string;
  district: string;
  door: ReferralDoor;
  referrer: { agency: string; subject: string };
  referredAt: string;
  protocolVersion: string;
  status: ReferralSummaryStatus;
  closeReason: CloseReason | null;
  eligible: boolean | null;
  screenedEligible: boolean | null;
  prosecutorDecision: {
    eligible: boolean;
    basis: 'confirmed' | 'overridden' | null;
    reasonCode: string | null;
    prosecutorAgency: string | null;
  } | null;
  offerAccepted: boolean | null;
  handOff: { minutesFromCall: number; withinTarget: boolean | null } | null;
  /** The referral stream's revision this summary reflects (the read model may lag the stream). */
  revision: number;
  updatedAt: string;
}

export interface ReferralPage {
  referrals: ReferralSummaryView[];
  /** Present when more referrals may follow: pass it as `after`. */
  next?: string;
}

/** Referrals in the caller's jurisdictions (an officer: the officer's agency's only), newest first. */
export class ListReferralsQuery extends Query<ReferralPage> {
  constructor(
    readonly filter: ListReferralsRequest,
    readonly lister: ReferralLister,
  ) {
    super();
  }
}
