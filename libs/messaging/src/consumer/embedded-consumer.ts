import type { EventStore, RecordedEvent } from '@lead/event-store';
import type pg from 'pg';
import { DeadLetterTable } from '../dead-letters/dead-letter-table.js';
import type { IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import { SILENT_LOGGER, type MessagingLogger } from '../observability/messaging-logger.js';
import { observe, type MessagingObserver } from '../observability/messaging-observer.js';
import { PostgresLease } from '../postgres/postgres-lease.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from '../retry/retry-policy.js';
import { receivedMessage, topicFilter } from '../transport/embedded/embedded-topic-log.js';
import type { BusConsumer } from './bus-consumer.js';
import type { ConsumerDefinition } from './consumer-definition.js';
import { Inbox } from './inbox.js';
import { ConsumerStopped, MessageProcessor } from './message-processor.js';

export interface EmbeddedConsumerOptions {
  definition: ConsumerDefinition;
  /** The store holding the embedded topics (`topic-<topic>` streams, written by the producers' relays). */
  store: EventStore;
  /** The service's database and schema (migrated with `migrateMessaging`): inbox and dead letters. */
  pool: pg.Pool;
  schema: string;
  policy?: Partial<RetryPolicy>;
  /** Contract check of each received event; a failing one is dead-lettered at once. */
  validate?: IntegrationEventValidator;
  /** How often a standby asks for the group's lease. Default 1000 ms. */
  leaseRetryMs?: number;
  /** How often requested replays of dead letters are looked for. Default 1000 ms. */
  replayPollMs?: number;
  /** Store the subscription's checkpoint every N events (and when caught up). Default 100. */
  checkpointEvery?: number;
  observer?: MessagingObserver;
  logger?: MessagingLogger;
}

export type EmbeddedConsumerState = 'idle' | 'standby' | 'active' | 'stopped';

/**
 * The embedded bus (`BUS=embedded`): the consumer group follows its topics' streams in the event store
 * (`EmbeddedTopicPublisher`: what the producers' relays published, as Kafka would carry it) with a checkpointed
 * catch-up subscription and hands each message to the same `MessageProcessor` as on Kafka: the same decoding,
 * inbox, retries, and dead letters, these in a table. One instance per group consumes at a time (a lease);
 * the checkpoint is stored after the handler returned, so a crash redelivers and the inbox absorbs the repeat.
 */
export class EmbeddedConsumer implements BusConsumer {
  private readonly abort = new AbortController();
  private readonly logger: MessagingLogger;
  private readonly policy: RetryPolicy;
  private readonly deadLetters: DeadLetterTable;
  private readonly inbox: Inbox;
  private running: Promise<void> | undefined;
  private currentState: EmbeddedConsumerState = 'idle';

  constructor(private readonly options: EmbeddedConsumerOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.deadLetters = new DeadLetterTable(options.pool, options.schema);
    this.inbox = new Inbox(options.pool, options.schema);
  }

  get group(): string {
    return this.options.definition.group;
  }

  get state(): EmbeddedConsumerState {
    return this.currentState;
  }

  async start(): Promise<void> {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('consumer stopped'));
    await this.running;
    this.currentState = 'stopped';
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let lease: PostgresLease;
      try {
        lease = await PostgresLease.acquire(
          this.options.pool.options,
          `consumer:${this.options.schema}:${this.group}`,
          {
            retryMs: this.options.leaseRetryMs ?? 1000,
            signal,
            onStandby: () => (this.currentState = 'standby'),
          },
        );
      } catch {
        break;
      }
      this.currentState = 'active';
      try {
        await this.consume(lease);
        failures = 0;
      } catch (error) {
        failures++;
        observe(() => this.options.observer?.consumerFailed?.(this.group, error));
        this.logger.error(
          { group: this.group, err: error, failures },
          'embedded consumer failed; resuming from its checkpoint',
        );
      } finally {
        await lease.release();
      }
      this.currentState = 'idle';
      if (failures > 0) await sleep(backoffDelay(this.policy, failures), signal);
    }
    this.currentState = 'stopped';
  }

  private async consume(lease: PostgresLease): Promise<void> {
    const { definition, store, schema } = this.options;
    const cycle = new AbortController();
    const stopCycle = () => cycle.abort(new Error('consumer stopped'));
    this.abort.signal.addEventListener('abort', stopCycle, { once: true });
    if (this.abort.signal.aborted) stopCycle();
    const processor = this.processor(this.deadLetters);

    const subscription = store.subscribeToAll(
      (event: RecordedEvent) =>
        processor.process(receivedMessage(event), { signal: cycle.signal }).then(() => undefined),
      {
        checkpointId: `embedded:${schema}:${definition.group}`,
        checkpointEvery: this.options.checkpointEvery ?? 100,
        filter: topicFilter(definition.topics),
      },
    );
    const replays = this.replayRequested(cycle.signal);

    let failure: unknown;
    await Promise.race([
      subscription.done.then(
        () => undefined,
        (error: unknown) => void (failure ??= error),
      ),
      lease.lost().then((lost) => void (failure ??= lost)),
      new Promise<void>((resolve) => cycle.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    stopCycle();
    this.abort.signal.removeEventListener('abort', stopCycle);
    await subscription.stop();
    await replays;
    if (failure !== undefined && !(failure instanceof ConsumerStopped && this.abort.signal.aborted)) throw failure;
  }

  /** Replays the dead letters an operator asked for (`lead-dlq replay`) while this instance consumes. */
  private async replayRequested(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for (const request of await this.deadLetters.pendingReplays(this.group)) {
          if (signal.aborted) break;
          const processor = this.processor({ put: (letter) => this.deadLetters.markFailedAgain(request.row, letter) });
          const outcome = await processor.process(request.message, { signal });
          if (outcome !== 'dead_lettered') await this.deadLetters.markResolved(request.row);
          this.logger.info({ group: this.group, row: request.row, outcome }, 'dead letter replayed');
        }
      } catch (error) {
        if (!signal.aborted)
          this.logger.warn({ group: this.group, err: error }, 'replaying dead letters failed; trying again later');
      }
      await sleep(this.options.replayPollMs ?? 1000, signal);
    }
  }

  private processor(deadLetters: ConstructorParameters<typeof MessageProcessor>[0]['deadLetters']): MessageProcessor {
    return new MessageProcessor({
      definition: this.options.definition,
      inbox: this.inbox,
      deadLetters,
      policy: this.options.policy,
      validate: this.options.validate,
      observer: this.options.observer,
      logger: this.options.logger,
    });
  }
}
