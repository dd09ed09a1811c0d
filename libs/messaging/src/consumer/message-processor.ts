import type { IntegrationEvent } from '@lead/contracts';
import { runWithCorrelationId } from '@lead/platform';
import { describeError, REPLAY_GROUP_HEADER, type DeadLetterSink } from '../dead-letters/dead-letter.js';
import { SILENT_LOGGER, type MessagingLogger } from '../observability/messaging-logger.js';
import { observe, type ConsumeOutcome, type MessagingObserver } from '../observability/messaging-observer.js';
import { isTransient } from '../retry/failure-kind.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from '@lead/platform/workers';
import { decodeIntegrationEvent } from '../wire/cloud-events-codec.js';
import type { ReceivedMessage } from '../wire/wire-message.js';
import type { IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import type { ConsumerDefinition } from './consumer-definition.js';
import type { Inbox } from './inbox.js';

export interface ProcessControl {
  /** Aborted when the consumer stops: waits end, and `process` rejects with `ConsumerStopped`. */
  signal: AbortSignal;
  /** Called between attempts, e.g. a Kafka heartbeat so a slow retry does not cost the partition. */
  keepAlive?(): Promise<void>;
}

/** The consumer stopped while a message was being retried; the message stays unacknowledged. */
export class ConsumerStopped extends Error {
  override readonly name = 'ConsumerStopped';
}

export interface MessageProcessorOptions {
  definition: ConsumerDefinition;
  inbox: Pick<Inbox, 'run'>;
  deadLetters: DeadLetterSink;
  /**
   * Contract check of each received event (e.g. libs/contracts' `assertValidIntegrationEvent`). An event that
   * fails it is dead-lettered at once: no retry makes it valid.
   */
  validate?: IntegrationEventValidator;
  policy?: Partial<RetryPolicy>;
  observer?: MessagingObserver;
  logger?: MessagingLogger;
}

/**
 * One message through one consumer group, the same on both buses: decode, run the handler with the inbox in one
 * transaction, retry. Transient failures (database or broker unreachable) are retried with backoff for as long as
 * it takes; any other failure counts, and after `maxAttempts` of them the message goes to the dead letters and the
 * consumer moves on. Storing the dead letter is itself retried until it succeeds: nothing is skipped unrecorded.
 */
export class MessageProcessor {
  private readonly policy: RetryPolicy;
  private readonly logger: MessagingLogger;

  constructor(private readonly options: MessageProcessorOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  get group(): string {
    return this.options.definition.group;
  }

  async process(message: ReceivedMessage, control: ProcessControl): Promise<ConsumeOutcome> {
    const started = process.hrtime.bigint();
    const outcome = await this.decide(message, control);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observe(() => this.options.observer?.consumed?.(this.group, outcome, seconds));
    return outcome;
  }

  private async decide(message: ReceivedMessage, control: ProcessControl): Promise<ConsumeOutcome> {
    const { definition } = this.options;
    const replayFor = message.headers[REPLAY_GROUP_HEADER];
    if (replayFor !== undefined && replayFor !== definition.group) return 'skipped';
    let event: IntegrationEvent;
    try {
      event = decodeIntegrationEvent(message);
      this.options.validate?.(event, message.topic);
    } catch (error) {
      // Unreadable (or invalid) now means unreadable on every retry.
      await this.deadLetter(message, message.headers.ce_id ?? null, error, 1, control);
      return 'dead_lettered';
    }
    if (definition.eventTypes && !definition.eventTypes.includes(event.type)) return 'skipped';
    return runWithCorrelationId(event.correlationId, () => this.handleWithRetries(message, event, control));
  }

  private async handleWithRetries(
    message: ReceivedMessage,
    event: IntegrationEvent,
    control: ProcessControl,
  ): Promise<ConsumeOutcome> {
    const { definition, inbox, observer } = this.options;
    let failures = 0;
    let transientFailures = 0;
    for (let attempt = 1; ; attempt++) {
      if (control.signal.aborted) throw new ConsumerStopped(`${definition.group} stopped while handling ${event.id}`);
      try {
        const result = await inbox.run(definition.group, event.id, message.topic, (tx) =>
          definition.handle(event, { tx, topic: message.topic, attempt, headers: message.headers }),
        );
        return result.duplicate ? 'duplicate' : 'handled';
      } catch (error) {
        if (control.signal.aborted) throw new ConsumerStopped(`${definition.group} stopped while handling ${event.id}`);
        const fields = {
          group: definition.group,
          topic: message.topic,
          origin: message.origin,
          messageId: event.id,
          type: event.type,
          attempt,
          err: error,
        };
        let delay: number;
        if (isTransient(error)) {
          transientFailures++;
          delay = backoffDelay(this.policy, transientFailures);
          observe(() => observer?.consumerRetry?.(definition.group, 'transient', error));
          this.logger.warn({ ...fields, retryInMs: delay }, 'handler failed transiently; retrying');
        } else {
          failures++;
          if (failures >= this.policy.maxAttempts) {
            this.logger.error(fields, `handler failed ${failures} times; dead-lettering the message`);
            await this.deadLetter(message, event.id, error, attempt, control);
            return 'dead_lettered';
          }
          delay = backoffDelay(this.policy, failures);
          observe(() => observer?.consumerRetry?.(definition.group, 'permanent', error));
          this.logger.warn({ ...fields, retryInMs: delay }, 'handler failed; retrying');
        }
        await sleep(delay, control.signal);
        await control.keepAlive?.();
      }
    }
  }

  private async deadLetter(
    message: ReceivedMessage,
    messageId: string | null,
    error: unknown,
    attempts: number,
    control: ProcessControl,
  ): Promise<void> {
    const letter = {
      group: this.group,
      message,
      messageId,
      error: describeError(error),
      attempts,
      failedAt: new Date(),
    };
    for (let failures = 1; ; failures++) {
      if (control.signal.aborted) throw new ConsumerStopped(`${this.group} stopped before a dead letter was stored`);
      try {
        await this.options.deadLetters.put(letter);
        return;
      } catch (putError) {
        const delay = backoffDelay(this.policy, failures);
        this.logger.warn(
          { group: this.group, origin: message.origin, err: putError, retryInMs: delay },
          'storing a dead letter failed; retrying',
        );
        await sleep(delay, control.signal);
        await control.keepAlive?.();
      }
    }
  }
}
