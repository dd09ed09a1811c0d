import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One integration event as this service received it, whole and after upcasting, appended in the consumer's
 * transaction with its inbox row. Every read model of the service is a function of this log, so each can be rebuilt
 * from it without asking another service, on either bus.
 */
@Entity({ name: 'program_log' })
export class ProgramLogEntry {
  @PrimaryColumn('bigint', { name: 'log_position' })
  logPosition!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  type!: string;

  @Column('integer', { name: 'schema_version' })
  schemaVersion!: number;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @Column('text')
  jurisdiction!: string;

  @Column('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('text', { name: 'correlation_id' })
  correlationId!: string;

  @Column('text', { name: 'causation_id', nullable: true })
  causationId!: string | null;

  @Column('jsonb')
  data!: Record<string, unknown>;
}
