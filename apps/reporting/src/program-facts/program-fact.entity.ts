import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One integration event as the reports read it: who (pseudonymous ids), where (jurisdiction, district), when (the
 * local day it happened on, the instant when the event has one, and when it was recorded), and what (its type, one
 * outcome code, a duration). The rest of its data stays in `attrs`. A fact is a pure function of its event: the table
 * is rebuilt from the program log at any time, and an event applied twice is one row (its id is the key).
 */
@Entity({ name: 'program_facts' })
export class ProgramFact {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  /** The event's place in this service's program log (the order it was received in). */
  @Column('bigint', { name: 'log_position' })
  logPosition!: string;

  @Column('text')
  type!: string;

  @Column('text')
  jurisdiction!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId!: string | null;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @Column('uuid', { name: 'matter_id', nullable: true })
  matterId!: string | null;

  /** The day it happened on, in the jurisdiction's time zone (`YYYY-MM-DD`): periods are local. */
  @Column('date', { name: 'occurred_on' })
  occurredOn!: string;

  /** The instant it happened, when the event carries one (some carry only a day). */
  @Column('timestamptz', { name: 'occurred_at', nullable: true })
  occurredAt!: Date | null;

  /** When the source service recorded it: what `asOf` is reckoned by. */
  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('text', { nullable: true })
  district!: string | null;

  /** The event's one code that reports count by (a door, an outcome, a reason, a level, a status). */
  @Column('text', { nullable: true })
  outcome!: string | null;

  /** A duration in minutes (the hand-off's, from the call to the case manager's arrival). */
  @Column('double precision', { nullable: true })
  minutes!: number | null;

  @Column('jsonb')
  attrs!: Record<string, unknown>;
}
