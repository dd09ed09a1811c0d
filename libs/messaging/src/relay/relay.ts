import type { EventStore, Finding, Position, RecordedEvent, Subscription } from '@lead/event-store';
import {
  formatPosition,
  LiveChainVerifier,
  parsePosition,
  quoteSchema,
  StreamIntegrityBroken,
} from '@lead/event-store';
import type pg from 'pg';
import type { IntegrationEventMapper, IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import { isWireEventMapper, type WireEventMapper } from '../publication/wire-event-mapper.js';
import { SILENT_LOGGER, type MessagingLogger } from '../observability/messaging-logger.js';
import { observe, type MessagingObserver } from '../observability/messaging-observer.js';
import {
  aborted,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  LeasedWorker,
  LeaseLost,
  type PostgresLease,
  type RetryPolicy,
} from '@lead/platform/workers';
import type { MessagePublisher } from '../transport/message-publisher.port.js';
import { encodeIntegrationEvent } from '../wire/cloud-events-codec.js';
import type { WireMessage } from '../wire/wire-message.js';
import { eventsBehind } from './events-behind.js';
import { PublishBatcher } from './publish-batcher.js';

export interface RelayOptions {
  /** Names the relay's lease and checkpoint; one relay per producing service, e.g. `referrals`. */
  name: string;
  store: EventStore;
  /** The service's database: the lease and the checkpoint live there. */
  pool: pg.Pool;
  /** The service's schema, migrated with `migrateMessaging`. */
  schema: string;
  /** Integration events of the service's own streams, or (the store's checkpoints) ready wire messages. */
  mapper: IntegrationEventMapper | WireEventMapper;
  publisher: MessagePublisher;
  /**
   * Leave out (logged at error level, counted as `relayPassedOver`) an event that fails its chain check or cannot be
   * mapped, instead of stopping at it. Only for a publication whose messages are verified by their readers and whose
   * order carries nothing (the store's signed checkpoints): there, stopping would let one bad record suppress every
   * later one. Integration events never pass over: consumers rely on each one.
   */
  passOverUnpublishable?: boolean;
  /** Optional contract check of every integration event before it is published (an `IntegrationEventMapper`'s). */
  validate?: IntegrationEventValidator;
  /** Most messages per publish (and events per store read). Default 500. */
  batchSize?: number;
  /** Events read ahead while a batch is in flight before reading pauses. Default 4 × batchSize. */
  maxPending?: number;
  /** How often a standby asks for the lease. Default 1000 ms. */
  leaseRetryMs?: number;
  /** Backoff between failed publishes and restarts. */
  retry?: Partial<Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>>;
  /** How often the leader measures its lag for the gauge. Default 5000 ms; 0 turns sampling off. */
  lagSampleMs?: number;
  /** Lag is counted up to this many events. Default 100 000. */
  lagCap?: number;
  /** How long `stop()` lets the last batches reach the broker before giving up on them. Default 5000 ms. */
  stopGraceMs?: number;
  observer?: MessagingObserver;
  logger?: MessagingLogger;
}

export type RelayState = 'idle' | 'standby' | 'leading' | 'stopped';

interface RelayItem {
  position: Position;
  message: WireMessage | null;
}

/**
 * Store → broker, at least once. The instance holding the relay's lease follows `$all` (the mapper's filter) from
 * its checkpoint, maps each domain event to an integration event and publishes in batches; the checkpoint moves
 * only after the broker acknowledged a batch, and only through the lease's own session. A crash between publish and
 * checkpoint publishes those events again on restart (consumers' inboxes absorb the duplicates); nothing is skipped:
 * a failed publish is retried with backoff, a failing mapper or store stops the cycle, which restarts from the
 * checkpoint. Other instances wait as standbys and take over when the leader's session ends.
 */
export class Relay {
  private readonly options: Required<
    Pick<RelayOptions, 'batchSize' | 'maxPending' | 'leaseRetryMs' | 'lagSampleMs' | 'lagCap' | 'stopGraceMs'>
  > &
    RelayOptions;
  private readonly policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>;
  private readonly logger: MessagingLogger;
  private worker: LeasedWorker | undefined;
  private currentState: RelayState = 'idle';
  private acknowledged: Position | undefined;
  private lastError: unknown;
  private readonly s: string;

  constructor(options: RelayOptions) {
    this.s = quoteSchema(options.schema);
    const batchSize = options.batchSize ?? 500;
    this.options = {
      ...options,
      batchSize,
      maxPending: options.maxPending ?? batchSize * 4,
      leaseRetryMs: options.leaseRetryMs ?? 1000,
      lagSampleMs: options.lagSampleMs ?? 5000,
      lagCap: options.lagCap ?? 100_000,
      stopGraceMs: options.stopGraceMs ?? 5000,
    };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  get state(): RelayState {
    return this.currentState;
  }

  /** The position up to which the broker has acknowledged everything (as of this instance's last batch). */
  get acknowledgedPosition(): Position | undefined {
    return this.acknowledged;
  }

  /** The error that ended the last leading cycle, if the relay is recovering from one. */
  get recentError(): unknown {
    return this.lastError;
  }

  start(): this {
    const { name, schema, pool, leaseRetryMs, observer } = this.options;
    this.worker ??= new LeasedWorker({
      name: `relay:${schema}:${name}`,
      database: pool.options,
      leaseRetryMs,
      retry: this.policy,
      cycle: async (lease, signal) => {
        this.currentState = 'leading';
        observe(() => observer?.relayLeading?.(name, true));
        try {
          await this.lead(lease, signal);
          this.lastError = undefined;
        } finally {
          observe(() => observer?.relayLeading?.(name, false));
        }
      },
      onStateChange: (state) => {
        if (state === 'standby')
          this.logger.info({ relay: name }, 'relay standing by: another instance holds the lease');
        if (state !== 'active') this.currentState = state;
      },
      onFailure: (error, failures) => {
        this.lastError = error;
        observe(() => observer?.relayFailed?.(name, error));
        this.logger.error({ relay: name, err: error, failures }, 'relay cycle failed; restarting from the checkpoint');
      },
    }).start();
    return this;
  }

  /** Stops reading, lets in-flight batches finish (up to `stopGraceMs`), releases the lease. */
  async stop(): Promise<void> {
    await this.worker?.stop();
    this.currentState = 'stopped';
  }

  /** Measures the lag now (events after the acknowledged checkpoint) and reports it to the observer. */
  async sampleLag(): Promise<number> {
    const behind = await eventsBehind(
      this.options.store,
      this.acknowledged,
      this.options.mapper.filter,
      this.options.lagCap,
    );
    observe(() => this.options.observer?.relayLag?.(this.options.name, behind));
    return behind;
  }

  /** One leading cycle: from the checkpoint until `signal` aborts (stop, lost lease) or something fails. */
  private async lead(lease: PostgresLease, signal: AbortSignal): Promise<void> {
    const { name, store, mapper, validate, batchSize, maxPending, lagSampleMs, stopGraceMs } = this.options;
    const { rows } = await lease.query<{ position: string }>(
      `SELECT position FROM ${this.s}.relay_checkpoints WHERE relay_id = $1`,
      [name],
    );
    this.acknowledged = rows[0] ? parsePosition(rows[0].position) : undefined;
    this.logger.info(
      { relay: name, from: this.acknowledged ? formatPosition(this.acknowledged) : 'start' },
      'relay leading',
    );

    // Aborted on failure, on a lost lease, or when a stop's grace period is over: ends retries and waits.
    const cycle = new AbortController();
    const published = new WeakSet<RelayItem[]>();
    const batcher = new PublishBatcher<RelayItem>({
      batchSize,
      maxPending,
      signal: cycle.signal,
      flush: (batch) => this.flush(lease, batch, published),
      retryDelay: (failures, error) => (error instanceof LeaseLost ? undefined : backoffDelay(this.policy, failures)),
      onRetry: (error, failures) => {
        observe(() => this.options.observer?.relayRetried?.(name, error));
        this.logger.warn({ relay: name, err: error, failures }, 'publish failed; retrying the same batch');
      },
    });
    // Remembers the heads of the streams it relays, so a link costs a store read only for a stream's first event seen
    // (read for a whole page at once, several at a time: a backlog after a restart touches many streams).
    const chain = new LiveChainVerifier(store);
    /**
     * An event edited in the database (its content no longer hashes to its hash), or inserted with a forged link (its
     * own hash right, its previous hash not its predecessor's), never leaves. The relay stops at it (never skipping
     * it) as at any unpublishable event, until the rows are restored (docs/audit.md).
     */
    const relay = async (event: RecordedEvent, findings: readonly Finding[]) => {
      let message: WireMessage | null;
      try {
        if (findings.length > 0)
          throw new StreamIntegrityBroken(event.streamId, [...new Set(findings.map((finding) => finding.kind))]);
        message = messageFor(event);
      } catch (error) {
        passOver(event, error);
        message = null;
      }
      await batcher.add({ position: event.position, message });
    };
    const passOver = (event: RecordedEvent, error: unknown) => {
      if (!this.options.passOverUnpublishable) throw error;
      observe(() => this.options.observer?.relayPassedOver?.(name, error));
      this.logger.error(
        { relay: name, err: error, eventId: event.eventId, position: formatPosition(event.position) },
        'relay passed over an event it cannot publish',
      );
    };
    const handlePage = async (page: RecordedEvent[]) => {
      let findings: Finding[];
      try {
        findings = await chain.check(page);
      } catch (error) {
        // A predecessor that cannot be read (a held stream): page by page it would pass over the whole page.
        if (!this.options.passOverUnpublishable) throw error;
        for (const event of page) await handle(event);
        return;
      }
      for (const event of page)
        await relay(
          event,
          findings.filter((finding) => finding.eventId === event.eventId),
        );
    };
    const handle = async (event: RecordedEvent) => {
      let findings: Finding[];
      try {
        findings = await chain.check([event]);
      } catch (error) {
        passOver(event, error);
        await batcher.add({ position: event.position, message: null });
        return;
      }
      await relay(event, findings);
    };
    const messageFor = (event: RecordedEvent): WireMessage | null => {
      if (isWireEventMapper(mapper)) return mapper.messageFor(event);
      const integrationEvent = mapper.map(event);
      if (!integrationEvent) return null;
      validate?.(integrationEvent, mapper.topic);
      return encodeIntegrationEvent(integrationEvent);
    };
    const subscription: Subscription = store.subscribeToAll(handle, {
      from: this.acknowledged ?? 'start',
      filter: mapper.filter,
      batchSize,
      pageHandler: handlePage,
    });
    const sampler =
      lagSampleMs > 0 ? setInterval(() => void this.sampleLag().catch(() => undefined), lagSampleMs) : undefined;
    sampler?.unref();

    let failure: unknown;
    await Promise.race([
      subscription.done.then(
        () => undefined,
        (error: unknown) => void (failure ??= error),
      ),
      aborted(signal).then(() => {
        if (signal.reason instanceof LeaseLost) failure ??= signal.reason;
      }),
    ]);
    clearInterval(sampler);

    if (failure !== undefined) {
      cycle.abort(failure);
      await subscription.stop();
      await batcher.drain().catch(() => undefined);
      throw failure;
    }
    // Stopping: read nothing more, give what was read a bounded chance to reach the broker.
    const grace = setTimeout(
      () => cycle.abort(new Error('relay stopped before its last batch was acknowledged')),
      stopGraceMs,
    );
    try {
      await subscription.stop();
      await batcher.drain();
    } catch (error) {
      this.logger.warn(
        { relay: name, err: error },
        'relay stopped with unacknowledged events; the next leader publishes them',
      );
    } finally {
      clearTimeout(grace);
    }
  }

  private async flush(lease: PostgresLease, batch: RelayItem[], published: WeakSet<RelayItem[]>): Promise<void> {
    const { name, mapper, publisher, observer } = this.options;
    // A retry after a failed checkpoint write must not publish the batch a second time.
    if (!published.has(batch)) {
      const messages = batch.flatMap((item) => (item.message ? [item.message] : []));
      if (messages.length > 0) {
        const started = process.hrtime.bigint();
        await publisher.publish([{ topic: mapper.topic, messages }]);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        observe(() => observer?.relayPublished?.(name, mapper.topic, messages.length, seconds));
      }
      published.add(batch);
    }
    const last = batch[batch.length - 1].position;
    await lease.query(
      `INSERT INTO ${this.s}.relay_checkpoints (relay_id, position) VALUES ($1, $2)
       ON CONFLICT (relay_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, formatPosition(last)],
    );
    this.acknowledged = last;
    observe(() => observer?.relayProgressed?.(name));
  }
}
