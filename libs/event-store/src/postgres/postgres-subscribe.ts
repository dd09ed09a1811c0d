import { CatchUpSubscription, type CatchUpSource } from '../catch-up-subscription.js';
import type { Position } from '../event-envelope.js';
import type {
  EventHandler,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../event-store.port.js';
import { StreamNotFound } from '../errors.js';
import { comparePositions, formatPosition, parsePosition, START_POSITION } from '../position.js';
import type { PostgresReader } from './postgres-read.js';
import { observe, type PostgresStoreContext } from './store-context.js';

/**
 * Catch-up subscriptions: pages read through the reader, woken by the append notifier (and a
 * fallback poll), checkpoints in the `checkpoints` table. Keeps the running ones so `close()`
 * can stop them.
 */
export class PostgresSubscriptions {
  private readonly running = new Set<Subscription>();

  constructor(
    private readonly ctx: PostgresStoreContext,
    private readonly reader: PostgresReader,
  ) {}

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    const name = options.checkpointId ?? 'anonymous';
    const prefixes = options.filter?.streamPrefixes;
    const wake = this.wakeSource(
      prefixes?.length ? (streamId) => prefixes.some((prefix) => streamId.startsWith(prefix)) : () => true,
    );
    const source: CatchUpSource<Position> = {
      readPage: (after, maxCount) => this.reader.readAllPageWithHead(after, maxCount, options.filter),
      cursorOf: (event) => event.position,
      isAfter: (a, b) => comparePositions(a, b) > 0,
      ...wake,
      hasHeldBackEvents: (cursor) => this.reader.hasHeldBackEvents(cursor),
      lag: async (cursor) => {
        const head = await this.reader.headPosition();
        return head ? Math.max(0, Number(head.prepare - cursor.prepare)) : 0;
      },
      ...(options.checkpointId
        ? this.checkpointSource(`$all:${options.checkpointId}`, formatPosition, parsePosition)
        : {}),
    };
    const from = options.from ?? 'start';
    const start =
      from === 'start'
        ? START_POSITION
        : from === 'end'
          ? async () => (await this.reader.headPosition()) ?? START_POSITION
          : from;
    return this.track(
      wake.release,
      new CatchUpSubscription(source, start, handler, {
        batchSize: options.batchSize ?? this.ctx.batchSize,
        checkpointEvery: options.checkpointEvery ?? 1,
        pollIntervalMs: this.ctx.pollIntervalMs,
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
        onLag: (behind) => observe(() => this.ctx.observer?.subscriptionLag?.(name, behind)),
        pageHandler: options.pageHandler,
      }),
    );
  }

  subscribeToStream(streamId: string, handler: EventHandler, options: SubscribeToStreamOptions = {}): Subscription {
    const wake = this.wakeSource((appended) => appended === streamId);
    const source: CatchUpSource<number> = {
      readPage: async (after, maxCount) => {
        try {
          return { events: await this.reader.readStream(streamId, { fromRevision: after + 1, maxCount }) };
        } catch (error) {
          if (error instanceof StreamNotFound) return { events: [] };
          throw error;
        }
      },
      cursorOf: (event) => event.streamRevision,
      ...wake,
      ...(options.checkpointId ? this.checkpointSource(`stream:${options.checkpointId}`, String, Number) : {}),
    };
    const start = options.after === undefined || options.after === 'start' ? -1 : options.after;
    return this.track(
      wake.release,
      new CatchUpSubscription(source, start, handler, {
        batchSize: this.ctx.batchSize,
        checkpointEvery: 1,
        pollIntervalMs: this.ctx.pollIntervalMs,
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
      }),
    );
  }

  /** Stops every running subscription after its current event. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((s) => s.stop()));
  }

  /** Wake-ups for appends to the streams a subscriber `follows`; forgotten when the subscription ends. */
  private wakeSource(follows: (streamId: string) => boolean) {
    const notifier = this.ctx.notifier;
    const wakeups = notifier.interest(follows);
    return {
      prepare: () => notifier.listen(),
      generation: () => wakeups.generation(),
      waitForChange: (seen: number, ms: number, signal: AbortSignal) => wakeups.waitForChange(seen, ms, signal),
      release: () => wakeups.release(),
    };
  }

  private checkpointSource<C>(id: string, format: (c: C) => string, parse: (text: string) => C) {
    return {
      loadCheckpoint: async (): Promise<C | undefined> => {
        const { rows } = await this.ctx.pool.query<{ position: string }>(
          `SELECT position FROM ${this.ctx.s}.checkpoints WHERE subscription_id = $1`,
          [id],
        );
        return rows[0] ? parse(rows[0].position) : undefined;
      },
      saveCheckpoint: async (cursor: C): Promise<void> => {
        await this.ctx.pool.query(
          `INSERT INTO ${this.ctx.s}.checkpoints (subscription_id, position) VALUES ($1, $2)
           ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
          [id, format(cursor)],
        );
      },
    };
  }

  private track(release: () => void, subscription: CatchUpSubscription<unknown>): Subscription {
    this.running.add(subscription);
    subscription.done
      .finally(() => {
        this.running.delete(subscription);
        release();
      })
      .catch(() => undefined);
    return subscription;
  }
}
