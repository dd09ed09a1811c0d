import pg from 'pg';

/** Longest a remote subscriber waits, beyond the round trip, to hear of an append. */
const NOTIFY_WINDOW_MS = 15;

/**
 * Tells subscribers that the log may have grown. In this process a counter is bumped at once;
 * other processes hear a NOTIFY sent after the append committed. The NOTIFY is deliberately not
 * part of the append's transaction: PostgreSQL serialises the commits of notifying transactions on
 * one lock, which would make every append wait for every other. Instead NOTIFYs are throttled per
 * process (see `notifyOthers`); a process that dies between commit and NOTIFY is covered by the
 * subscribers' slow poll.
 */
export class AppendNotifier {
  private counter = 0;
  private readonly waiters = new Set<() => void>();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private lastNotifiedAt = 0;
  private trailing: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly channel: string,
  ) {}

  generation(): number {
    return this.counter;
  }

  /** Called after a local append committed. */
  appended(): void {
    this.bump();
    this.notifyOthers();
  }

  /** Starts listening for other processes' appends (once, on the first subscription). */
  listen(): Promise<void> {
    this.listening ??= (async () => {
      const client = new pg.Client(this.pool.options);
      client.on('notification', () => this.bump());
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

  waitForChange(seen: number, maxWaitMs: number, signal: AbortSignal): Promise<void> {
    if (this.counter !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.trailing);
    for (const wake of [...this.waiters]) wake();
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

  private bump(): void {
    this.counter++;
    for (const wake of [...this.waiters]) wake();
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
    this.pool.query(`NOTIFY ${this.channel}`).catch(() => undefined);
  }
}
