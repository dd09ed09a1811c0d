import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Longest a remote subscriber waits, beyond the round trip, to hear of an append. */
const NOTIFY_WINDOW_MS = 15;

/**
 * Tells subscribers that the log may have grown. In this process a counter is bumped at once;
 * other processes hear a NOTIFY sent after the append committed. Most appends carry no NOTIFY in
 * their transaction: PostgreSQL serialises the commits of notifying transactions on one lock, which
 * would make every append wait for every other. NOTIFYs are throttled per process instead (see
 * `notifyOthers`), and the one due in a window may ride in a multi-statement append's transaction
 * (`claimNotify`); a process that dies between commit and NOTIFY is covered by the subscribers' slow
 * poll.
 *
 * A subscriber says which streams it follows (`interest`): an append in this process wakes only the subscribers
 * of its streams, and this process's own NOTIFY, heard back on its LISTEN connection, wakes no one (every wake is
 * a read, a transaction of its own). A NOTIFY from another process names no stream and wakes every subscriber.
 */
export class AppendNotifier {
  private readonly waiters = new Set<Waiter>();
  private readonly interests = new Set<Interest>();
  /** Sent as each NOTIFY's payload, to recognise our own when it comes back. */
  private readonly token = randomUUID();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private lastNotifiedAt = 0;
  private trailing: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly channel: string,
  ) {}

  /** Called after a local append committed, with the streams it wrote; `announced` when its NOTIFY rode along. */
  appended(streamIds?: readonly string[], { announced = false }: { announced?: boolean } = {}): void {
    this.bump(streamIds);
    if (!announced) this.notifyOthers();
  }

  /**
   * The NOTIFY statement for a multi-statement append to run before its COMMIT, when one is due now (no trailing one
   * pending, the window passed), else undefined. One notifying commit per window keeps PostgreSQL's notify lock out
   * of the other appends' way, and the NOTIFY costs no transaction of its own. Should that transaction roll back,
   * nothing was appended and there is nothing to announce.
   */
  claimNotify(): string | undefined {
    if (this.closed || this.trailing || Date.now() - this.lastNotifiedAt < NOTIFY_WINDOW_MS) return undefined;
    this.lastNotifiedAt = Date.now();
    return this.notifyStatement();
  }

  /**
   * The wake-ups of one subscriber: its generation moves only on appends to streams it `follows` (and on every
   * append another process announces). `release` forgets it when the subscription ends.
   */
  interest(follows: (streamId: string) => boolean): SubscriberWakeups {
    const interest: Interest = { follows, counter: 0 };
    this.interests.add(interest);
    return {
      generation: () => interest.counter,
      waitForChange: (seen, maxWaitMs, signal) => this.wait(() => interest.counter !== seen, maxWaitMs, signal),
      release: () => this.interests.delete(interest),
    };
  }

  /** Starts listening for other processes' appends (once, on the first subscription). */
  listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = new pg.Client(this.pool.options);
      client.on('notification', (message) => {
        if (message.payload !== this.token) this.bump();
      });
      // A lost LISTEN connection only slows subscribers to the poll interval until it is back.
      client.on('error', () => this.relisten(client));
      client.on('end', () => this.relisten(client));
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listener = client;
    })().catch(() => {
      // Could not listen (database unreachable): subscribers fall back to polling; retry later.
      this.listening = undefined;
    });
    return this.listening;
  }

  private wait(changed: () => boolean, maxWaitMs: number, signal: AbortSignal): Promise<void> {
    if (changed() || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        changed,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.wake);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, maxWaitMs);
      this.waiters.add(waiter);
      signal.addEventListener('abort', waiter.wake);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.trailing);
    for (const waiter of [...this.waiters]) waiter.wake();
    const client = this.listener;
    this.listener = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private relisten(lost: pg.Client): void {
    if (this.listener !== lost) return;
    this.listener = undefined;
    this.listening = undefined;
    lost.end().catch(() => undefined);
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed) void this.listen().then(() => this.bump());
    }, 1000).unref();
  }

  /** `streamIds` undefined: something may have been appended anywhere (another process, a reconnect). */
  private bump(streamIds?: readonly string[]): void {
    for (const interest of this.interests)
      if (!streamIds || streamIds.some((streamId) => interest.follows(streamId))) interest.counter++;
    for (const waiter of [...this.waiters]) if (waiter.changed()) waiter.wake();
  }

  /**
   * Throttled: the first append after a quiet spell notifies at once; appends during the next
   * `NOTIFY_WINDOW_MS` share one trailing notification. Under load that is at most ~70 NOTIFYs a
   * second instead of one per append (each is a transaction of its own, a round trip, and takes
   * PostgreSQL's notify queue lock); a subscriber in another process hears of an append up to 15 ms later.
   */
  private notifyOthers(): void {
    if (this.closed) return;
    if (this.trailing) return;
    const wait = this.lastNotifiedAt + NOTIFY_WINDOW_MS - Date.now();
    if (wait <= 0) {
      this.sendNotify();
      return;
    }
    this.trailing = setTimeout(() => {
      this.trailing = undefined;
      if (!this.closed) this.sendNotify();
    }, wait);
    this.trailing.unref();
  }

  private sendNotify(): void {
    this.lastNotifiedAt = Date.now();
    this.pool.query(this.notifyStatement()).catch(() => undefined);
  }

  private notifyStatement(): string {
    return `NOTIFY ${this.channel}, '${this.token}'`;
  }
}

interface Interest {
  follows: (streamId: string) => boolean;
  counter: number;
}

interface Waiter {
  changed: () => boolean;
  wake: () => void;
}

/** One subscriber's view of the notifier (see `AppendNotifier.interest`). */
export interface SubscriberWakeups {
  generation(): number;
  waitForChange(seen: number, maxWaitMs: number, signal: AbortSignal): Promise<void>;
  release(): void;
}
