import type { Position, RecordedEvent } from '../event-envelope.js';
import type { EventHandler, Subscription } from '../event-store.port.js';

/**
 * The part of an `@eventstore/db-client` catch-up subscription (`subscribeToAll` /
 * `subscribeToStream`, a Node Readable in object mode) that the runner uses.
 */
export interface ServerSubscription<R> extends AsyncIterable<R> {
  /** Items received from the server and not yet taken by the runner. */
  readonly readableLength: number;
  on(event: 'caughtUp' | 'confirmation', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

/** What the runner needs from the store for one kind of subscription (`$all` or one stream). */
export interface CatchUpDriver<R, C> {
  /**
   * Opens a server subscription delivering everything strictly after `after`, or from the very
   * beginning when `after` is undefined. `onServerCheckpoint` receives the server's progress through
   * filtered-out events (filtered `$all` subscriptions only).
   */
  open(after: C | undefined, onServerCheckpoint: (cursor: C) => void): ServerSubscription<R>;
  /** The event to hand to the handler, or undefined to pass over the item (system event, filtered out). */
  toEvent(received: R): RecordedEvent | undefined;
  cursorOf(received: R): C | undefined;
  compare(a: C, b: C): number;
  /** The cursor of the last event in history now, or undefined when there is none. */
  head(): Promise<C | undefined>;
  loadCheckpoint?(): Promise<C | undefined>;
  saveCheckpoint?(cursor: C): Promise<void>;
}

export interface CatchUpRunnerOptions<C> {
  /** Where to begin when no checkpoint is stored: the beginning, the head now, or after a cursor. */
  start: 'start' | 'end' | { after: C };
  checkpointEvery: number;
  onCaughtUp?: () => void;
  onError?: (error: unknown) => void;
  /** Connection-level failures worth resubscribing after (the server is unavailable, not the leader…). */
  isTransient: (error: unknown) => boolean;
  /** Consecutive resubscriptions without a delivered item before giving up. */
  maxReconnects: number;
  reconnectDelayMs: (attempt: number) => number;
}

/** The server closed the subscription without an error: treated like a dropped connection. */
export class SubscriptionEndedByServer extends Error {
  override readonly name = 'SubscriptionEndedByServer';
  constructor() {
    super('EventStoreDB ended the subscription');
  }
}

class HandlerFailed extends Error {
  constructor(readonly error: unknown) {
    super('handler failed');
  }
}

/**
 * A catch-up subscription on EventStoreDB's own subscriptions: the server replays history and
 * switches to live without a gap; this runner hands events to the handler one at a time, stores the
 * checkpoint after the handler returned (at-least-once), resubscribes after the last seen item when
 * the connection drops, and reports being caught up.
 *
 * Caught up: EventStoreDB 23.10+ says so (`caughtUp`); for older servers the runner also compares
 * what it sees (events, server checkpoints of filtered subscriptions, the confirmation when it
 * starts at or after the head) with the head read when it started. Either way `onCaughtUp` fires
 * once, after the handler has finished every event received before the signal.
 */
export class EsdbCatchUpSubscription<R, C> implements Subscription {
  readonly done: Promise<void>;
  private stopping = false;
  private current: ServerSubscription<R> | undefined;
  private handling: Promise<unknown> | undefined;
  private last: RecordedEvent | undefined;
  private taken = 0;
  private handled = 0;
  private caughtUpAt: number | undefined;
  private caughtUpFired = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly driver: CatchUpDriver<R, C>,
    private readonly handler: EventHandler,
    private readonly options: CatchUpRunnerOptions<C>,
  ) {
    this.done = this.run();
    // An unobserved failure must not crash the process; callers observe it through `done`/onError.
    this.done.catch(() => undefined);
  }

  get lastPosition(): Position | undefined {
    return this.last?.position;
  }

  /** Waits for the event in hand, then unsubscribes; resolves when nothing more will be delivered. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    if (this.handling) await this.handling.catch(() => undefined);
    await this.close(this.current);
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { driver, options } = this;
    let lastHandled: C | undefined;
    let unsaved = 0;
    const save = async () => {
      if (unsaved > 0 && lastHandled !== undefined && driver.saveCheckpoint) {
        await driver.saveCheckpoint(lastHandled);
      }
      unsaved = 0;
    };
    try {
      const stored = await driver.loadCheckpoint?.();
      const head = await driver.head();
      // 'end' means "after the head now", as the PostgreSQL adapter does; an empty log starts at the beginning.
      let resumeAfter: C | undefined =
        stored ?? (options.start === 'start' ? undefined : options.start === 'end' ? head : options.start.after);
      let failures = 0;
      while (!this.stopping) {
        const subscription = driver.open(resumeAfter, (cursor) => {
          if (head === undefined || driver.compare(cursor, head) >= 0) this.signalCaughtUp(subscription);
        });
        this.current = subscription;
        subscription.on('error', () => undefined); // surfaced through the iterator; never an unhandled 'error' event
        subscription.on('caughtUp', () => this.signalCaughtUp(subscription));
        const openedAfter = resumeAfter;
        subscription.on('confirmation', () => {
          if (head === undefined || (openedAfter !== undefined && driver.compare(openedAfter, head) >= 0))
            this.signalCaughtUp(subscription);
        });
        try {
          for await (const received of subscription) {
            this.taken++;
            const cursor = driver.cursorOf(received);
            if (
              cursor !== undefined &&
              head !== undefined &&
              driver.compare(cursor, head) >= 0 &&
              this.caughtUpAt === undefined
            ) {
              this.caughtUpAt = this.taken;
            }
            const event = driver.toEvent(received);
            if (event) {
              this.handling = Promise.resolve()
                .then(() => this.handler(event))
                .catch((error: unknown) => {
                  throw new HandlerFailed(error);
                });
              await this.handling;
              this.handling = undefined;
              this.last = event;
              lastHandled = cursor;
              unsaved++;
              if (unsaved >= options.checkpointEvery || subscription.readableLength === 0) await save();
            }
            if (cursor !== undefined) resumeAfter = cursor;
            failures = 0;
            this.handled++;
            this.fireCaughtUpIfDue();
            if (this.stopping) break;
          }
          if (this.stopping) break;
          throw new SubscriptionEndedByServer();
        } catch (error) {
          this.handling = undefined;
          if (error instanceof HandlerFailed) throw error;
          if (this.stopping) break;
          const transient = error instanceof SubscriptionEndedByServer || options.isTransient(error);
          if (!transient || ++failures > options.maxReconnects) throw error;
          // Items received but not handled are dropped with this subscription and come again.
          if (!this.caughtUpFired) this.caughtUpAt = undefined;
          await this.pause(options.reconnectDelayMs(failures));
        } finally {
          await this.close(subscription);
        }
      }
      await save();
    } catch (failure) {
      const error = failure instanceof HandlerFailed ? failure.error : failure;
      // Keep the progress made before the failure; the failed event stays unacknowledged.
      await save().catch(() => undefined);
      options.onError?.(error);
      throw error;
    } finally {
      this.current = undefined;
    }
  }

  private signalCaughtUp(subscription: ServerSubscription<R>): void {
    if (this.caughtUpFired || this.caughtUpAt !== undefined) return;
    this.caughtUpAt = this.taken + subscription.readableLength;
    this.fireCaughtUpIfDue();
  }

  private fireCaughtUpIfDue(): void {
    if (this.caughtUpFired || this.caughtUpAt === undefined || this.handled < this.caughtUpAt || this.stopping) return;
    this.caughtUpFired = true;
    try {
      this.options.onCaughtUp?.();
    } catch {
      // A throwing observer must not break delivery.
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }

  private readonly closed = new WeakSet<object>();

  private async close(subscription: ServerSubscription<R> | undefined): Promise<void> {
    if (!subscription || this.closed.has(subscription)) return;
    this.closed.add(subscription);
    try {
      await subscription.unsubscribe();
    } catch {
      // Already gone.
    }
    subscription.destroy();
  }
}
