import { BUS_KINDS, type BusKind } from '@lead/platform';
import { IsIn, IsInt, IsNotEmpty, Matches, Max, Min, ValidateIf } from 'class-validator';

const BROKER_LIST = /^[^,\s:]+:\d{1,5}(\s*,\s*[^,\s:]+:\d{1,5})*$/;

/**
 * Messaging settings, read from the environment and validated when `MessagingModule` starts (a bad value stops
 * the service with a message naming it, as the platform's own settings do). Property names are the variables.
 */
export class MessagingConfig {
  @IsIn(BUS_KINDS, { message: `$property must be one of: ${BUS_KINDS.join(', ')}` })
  BUS: BusKind = 'embedded';

  @ValidateIf((config: MessagingConfig) => config.BUS === 'kafka')
  @Matches(BROKER_LIST, { message: '$property must be a comma-separated list of host:port' })
  @IsNotEmpty({ message: '$property is required when BUS=kafka' })
  KAFKA_BROKERS?: string;

  /**
   * Put before every Kafka topic and consumer group this service uses (e.g. `staging.`), so that several
   * deployments, or test runs, share one cluster without sharing topics or groups. Empty in production.
   */
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, { message: '$property may hold only letters, digits, ".", "_" and "-"' })
  KAFKA_TOPIC_PREFIX: string = '';

  /** Failed attempts (not counting transient failures) before a message is dead-lettered. */
  @IsInt({ message: '$property must be an integer between 1 and 100' })
  @Min(1, { message: '$property must be an integer between 1 and 100' })
  @Max(100, { message: '$property must be an integer between 1 and 100' })
  MESSAGING_MAX_ATTEMPTS: number = 5;

  /** Most messages the relay publishes in one batch. */
  @IsInt({ message: '$property must be an integer between 1 and 10000' })
  @Min(1, { message: '$property must be an integer between 1 and 10000' })
  @Max(10_000, { message: '$property must be an integer between 1 and 10000' })
  RELAY_BATCH_SIZE: number = 500;

  /** Longest a Kafka fetch waits on an idle partition (see KafkaSettings.fetchMaxWaitMs). */
  @IsInt({ message: '$property must be an integer between 10 and 30000' })
  @Min(10, { message: '$property must be an integer between 10 and 30000' })
  @Max(30_000, { message: '$property must be an integer between 10 and 30000' })
  KAFKA_FETCH_MAX_WAIT_MS: number = 1000;

  /** Partitions a Kafka consumer instance handles in parallel. */
  @IsInt({ message: '$property must be an integer between 1 and 64' })
  @Min(1, { message: '$property must be an integer between 1 and 64' })
  @Max(64, { message: '$property must be an integer between 1 and 64' })
  KAFKA_PARTITIONS_CONCURRENTLY: number = 3;

  /**
   * How long a relay or consumer may keep failing without progress before `/ready` reports it `degraded` (and
   * `lead_messaging_stuck_seconds` is worth an alert). Short outages retried within it stay quiet.
   */
  @IsInt({ message: '$property must be an integer between 100 and 3600000 (ms)' })
  @Min(100, { message: '$property must be an integer between 100 and 3600000 (ms)' })
  @Max(3_600_000, { message: '$property must be an integer between 100 and 3600000 (ms)' })
  MESSAGING_STUCK_AFTER_MS: number = 30_000;

  /**
   * Days an inbox row (a handled message) is kept; older rows are swept away. A message redelivered after its row
   * was swept is handled again, so this must exceed the consumed topics' retention and the furthest back an operator
   * may replay (offset resets, checkpoint resets, `lead-dlq replay`). See docs/messaging.md.
   */
  @IsInt({ message: '$property must be an integer between 1 and 3650 (days)' })
  @Min(1, { message: '$property must be an integer between 1 and 3650 (days)' })
  @Max(3650, { message: '$property must be an integer between 1 and 3650 (days)' })
  INBOX_RETENTION_DAYS: number = 30;
}
