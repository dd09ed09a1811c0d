import pg from 'pg';

/**
 * Tells subscribers that the log may have grown. In this process a counter is bumped at once;
 * other processes hear a NOTIFY sent after the append committed. The NOTIFY is deliberately not
 * part of the append's transaction: PostgreSQL serialises the commits of notifying transactions on
 * one lock, which would make every append wait for every other. Instead at most one NOTIFY is in
 * flight per process, coalescing the appends made meanwhile; a process that dies between commit
 * and NOTIFY is covered by the subscribers' slow poll.
 */
export class AppendNotifier {
  private counter = 0;
  private readonly waiters = new Set<() => void>();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private notifying = false;
  private notifyAgain = false;
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
    void this.notifyOthers();
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

  private async notifyOthers(): Promise<void> {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    try {
      do {
        this.notifyAgain = false;
        if (this.closed) return;
        await this.pool.query(`NOTIFY ${this.channel}`).catch(() => undefined);
      } while (this.notifyAgain);
    } finally {
      this.notifying = false;
    }
  }
}
