import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EngagementLevel, ExitReason, ServiceConnectionStatus, ServiceType } from '../case/case-vocabulary.js';

/** An assessment taken: its occasion and day only (answers and scores stay sealed in the case's stream). */
export interface AssessmentTaken {
  occasion: string;
  completedOn: string;
}

/** A service connection still waiting for its answer (not in a closed status). */
export interface OpenServiceConnection {
  connectionId: string;
  serviceType: ServiceType;
  status: ServiceConnectionStatus;
  dueOn: string;
}

/**
 * One row per case: where it stands, in ids, codes, dates and counts. Nothing sealed is here, and the projection
 * never opens a sealed value (no identity, no place, no notes, no goal wording, no scores). `revision` is the case
 * stream's revision the row reflects: an event is applied only when its revision is newer, so a redelivered event
 * changes nothing.
 */
@Entity({ name: 'case_summaries' })
export class CaseSummary {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('uuid', { name: 'referral_id' })
  referralId!: string;

  @Column('text')
  jurisdiction!: string;

  @Column('text', { name: 'provider_agency' })
  providerAgency!: string;

  /** The assigned case manager's staff id (the token subject); null until a supervisor assigns one. */
  @Column('text', { name: 'case_manager', nullable: true })
  caseManager!: string | null;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  /** `YYYY-MM-DD`, as every `date` column (read back as text). */
  @Column('date', { name: 'intake_due_on' })
  intakeDueOn!: string;

  @Column('date', { name: 'intake_completed_on', nullable: true })
  intakeCompletedOn!: string | null;

  @Column('boolean', { name: 'intake_deadline_met', nullable: true })
  intakeDeadlineMet!: boolean | null;

  /** Any consent recorded (revoked or expired since, or not). */
  @Column('boolean')
  consented!: boolean;

  @Column('text')
  engagement!: EngagementLevel;

  @Column('timestamptz', { name: 'engagement_since' })
  engagementSince!: Date;

  @Column('timestamptz', { name: 'last_successful_contact_at', nullable: true })
  lastSuccessfulContactAt!: Date | null;

  /** Contacts logged, outreach attempts included. */
  @Column('integer')
  contacts!: number;

  /** The exit, while the participant is out of services; a re-enrolment clears it. */
  @Column('timestamptz', { name: 'exited_at', nullable: true })
  exitedAt!: Date | null;

  @Column('text', { name: 'exit_reason', nullable: true })
  exitReason!: ExitReason | null;

  @Column('text', { name: 'instrument_id' })
  instrumentId!: string;

  @Column('text', { name: 'instrument_version' })
  instrumentVersion!: string;

  @Column('jsonb')
  assessments!: AssessmentTaken[];

  @Column('jsonb', { name: 'open_service_connections' })
  openServiceConnections!: OpenServiceConnection[];

  @Column('integer', { name: 'plan_version' })
  planVersion!: number;

  @Column('integer', { name: 'active_goals' })
  activeGoals!: number;

  @Column('integer')
  revision!: number;

  /** When the event this row reflects was recorded (so a rebuild gives the same rows). */
  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
