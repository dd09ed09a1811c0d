import { sleep } from '@lead/platform/workers';

export interface PublishBatcherOptions<Item> {
  /** Most items handed to one `flush`. */
  batchSize: number;
  /** Items that may wait while a flush is in flight; `add` waits beyond that (backpressure on the reader). */
  maxPending: number;
  /** Publishes a batch and records its progress; a rejection is retried with `retryDelay`, same batch. */
  flush(batch: Item[]): Promise<void>;
  /** The wait before retry number `failures` of a batch; return undefined to give up (the batcher then fails). */
  retryDelay(failures: number, error: unknown): number | undefined;
  onRetry?(error: unknown, failures: number): void;
  signal: AbortSignal;
}

/**
 * Ordered, natural batching: the first item starts a flush at the next turn of the event loop; everything that
 * arrives while a flush is in flight waits and goes in the next one. At a trickle every item is sent alone (no
 * linger delay); under load batches grow up to `batchSize` and reading overlaps with publishing. Flushes run one
 * at a time and in order, so progress (the relay's checkpoint) only moves forward and never past an item that
 * was not flushed.
 */
export class PublishBatcher<Item> {
  private pending: Item[] = [];
  private running: Promise<void> | undefined;
  private failure: unknown;
  private spaceWaiters: (() => void)[] = [];

  constructor(private readonly options: PublishBatcherOptions<Item>) {
    options.signal.addEventListener('abort', () => this.wakeAdders(), { once: true });
  }

  /** Queues an item; waits while too many are pending. Rejects once the batcher has failed or was aborted. */
  async add(item: Item): Promise<void> {
    this.throwIfStopped();
    this.pending.push(item);
    this.kick();
    while (this.pending.length >= this.options.maxPending) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
      this.throwIfStopped();
    }
  }

  /** Resolves when every item added so far has been flushed; rejects if the batcher failed. */
  async drain(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      if (this.failure !== undefined) throw this.failure;
      this.kick();
      await this.running;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Items accepted but not yet flushed. */
  get backlog(): number {
    return this.pending.length;
  }

  private throwIfStopped(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.options.signal.aborted) throw this.options.signal.reason ?? new Error('aborted');
  }

  private kick(): void {
    if (this.running || this.failure !== undefined) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.loop());
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failure === undefined) {
        const batch = this.pending.splice(0, this.options.batchSize);
        this.wakeAdders();
        await this.flushWithRetry(batch);
      }
    } catch (error) {
      this.failure = error;
      this.wakeAdders();
    } finally {
      this.running = undefined;
    }
  }

  private async flushWithRetry(batch: Item[]): Promise<void> {
    for (let failures = 0; ;) {
      if (this.options.signal.aborted) throw this.options.signal.reason ?? new Error('aborted');
      try {
        await this.options.flush(batch);
        return;
      } catch (error) {
        failures++;
        const delay = this.options.retryDelay(failures, error);
        if (delay === undefined) throw error;
        this.options.onRetry?.(error, failures);
        await sleep(delay, this.options.signal);
      }
    }
  }

  private wakeAdders(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
  }
}
