import type { EventStore, RecordedEvent } from '@lead/event-store';
import type pg from 'pg';
import { DeadLetterTable } from '../dead-letters/dead-letter-table.js';
import type { IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import { SILENT_LOGGER, type MessagingLogger } from '../observability/messaging-logger.js';
import { observe, type MessagingObserver } from '../observability/messaging-observer.js';
import { aborted, LeasedWorker, LeaseLost, sleep, type RetryPolicy } from '@lead/platform/workers';
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
  private readonly logger: MessagingLogger;
  private readonly deadLetters: DeadLetterTable;
  private readonly inbox: Inbox;
  private worker: LeasedWorker | undefined;
  private currentState: EmbeddedConsumerState = 'idle';

  constructor(private readonly options: EmbeddedConsumerOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
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
    const { pool, schema, leaseRetryMs, policy } = this.options;
    this.worker ??= new LeasedWorker({
      name: `consumer:${schema}:${this.group}`,
      database: pool.options,
      leaseRetryMs: leaseRetryMs ?? 1000,
      retry: policy,
      cycle: (_lease, signal) => this.consume(signal),
      onStateChange: (state) => (this.currentState = state),
      onFailure: (error, failures) => {
        observe(() => this.options.observer?.consumerFailed?.(this.group, error));
        this.logger.error(
          { group: this.group, err: error, failures },
          'embedded consumer failed; resuming from its checkpoint',
        );
      },
    }).start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.currentState = 'stopped';
  }

  /** One cycle under the group's lease: follows the topics from the checkpoint until `signal` aborts or it fails. */
  private async consume(signal: AbortSignal): Promise<void> {
    const { definition, store, schema } = this.options;
    const processor = this.processor(this.deadLetters);
    const subscription = store.subscribeToAll(
      (event: RecordedEvent) => processor.process(receivedMessage(event), { signal }).then(() => undefined),
      {
        checkpointId: `embedded:${schema}:${definition.group}`,
        checkpointEvery: this.options.checkpointEvery ?? 100,
        filter: topicFilter(definition.topics),
      },
    );
    const replays = this.replayRequested(signal);

    let failure: unknown;
    await Promise.race([
      subscription.done.then(
        () => undefined,
        (error: unknown) => void (failure ??= error),
      ),
      aborted(signal),
    ]);
    await subscription.stop();
    await replays;
    // Stopping ends the message in hand with ConsumerStopped; a lost lease is the worker's to report.
    if (failure !== undefined && !(failure instanceof ConsumerStopped && signal.aborted)) throw failure;
    if (signal.reason instanceof LeaseLost) throw signal.reason;
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
