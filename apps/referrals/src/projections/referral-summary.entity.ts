import type { ReferralDoor } from '@lead/jurisdictions';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReferralClosed } from '../referral/referral.events.js';

export const REFERRAL_STATUSES = ['open', 'accepted', 'closed'] as const;
export type ReferralSummaryStatus = (typeof REFERRAL_STATUSES)[number];

export const CLOSE_REASONS = [
  'ineligible',
  'declined_by_person',
  'aggrieved_party_disagreed',
  'prosecutor_found_ineligible',
] as const satisfies readonly ReferralClosed['reason'][];
export type CloseReason = (typeof CLOSE_REASONS)[number];

/**
 * One row per referral: where it stands, never who it is about beyond the pseudonymous participant
 * id (names, birth dates and narratives stay sealed in the events; the projection never opens them).
 * `revision` is the referral stream's revision the row reflects: an event is applied only when its
 * revision is newer, so a redelivered event changes nothing.
 */
@Entity({ name: 'referral_summaries' })
export class ReferralSummary {
  @PrimaryColumn('uuid', { name: 'referral_id' })
  referralId!: string;

  /** The participant now: the recorded one, or the record it was merged into (followed to the end). */
  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  /** The participant the referral was recorded for. */
  @Column('uuid', { name: 'recorded_participant_id' })
  recordedParticipantId!: string;

  @Column('text')
  jurisdiction!: string;

  @Column('text')
  district!: string;

  @Column('text')
  door!: ReferralDoor;

  @Column('text', { name: 'referrer_agency' })
  referrerAgency!: string;

  @Column('text', { name: 'referrer_subject' })
  referrerSubject!: string;

  @Column('timestamptz', { name: 'referred_at' })
  referredAt!: Date;

  @Column('text', { name: 'protocol_version' })
  protocolVersion!: string;

  @Column('text')
  status!: ReferralSummaryStatus;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: CloseReason | null;

  /** The officer's screening. */
  @Column('boolean', { name: 'screened_eligible', nullable: true })
  screenedEligible!: boolean | null;

  /** Eligibility now: the prosecutor's decision where there is one (final), else the screening. */
  @Column('boolean', { nullable: true })
  eligible!: boolean | null;

  @Column('boolean', { name: 'prosecutor_eligible', nullable: true })
  prosecutorEligible!: boolean | null;

  @Column('text', { name: 'prosecutor_basis', nullable: true })
  prosecutorBasis!: 'confirmed' | 'overridden' | null;

  @Column('text', { name: 'prosecutor_reason_code', nullable: true })
  prosecutorReasonCode!: string | null;

  @Column('text', { name: 'prosecutor_agency', nullable: true })
  prosecutorAgency!: string | null;

  @Column('boolean', { name: 'offer_accepted', nullable: true })
  offerAccepted!: boolean | null;

  @Column('boolean', { name: 'aggrieved_party_agreed', nullable: true })
  aggrievedPartyAgreed!: boolean | null;

  @Column('double precision', { name: 'hand_off_minutes', nullable: true })
  handOffMinutes!: number | null;

  @Column('boolean', { name: 'hand_off_within_target', nullable: true })
  handOffWithinTarget!: boolean | null;

  @Column('boolean', { name: 'custody_relinquished' })
  custodyRelinquished!: boolean;

  @Column('integer')
  revision!: number;

  /** When the event this row reflects was recorded (so a rebuild gives the same rows). */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
