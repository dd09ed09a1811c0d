import type pg from 'pg';
import { LeaseLost, PostgresLease } from './postgres-lease.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry-policy.js';

export type LeasedWorkerState = 'idle' | 'standby' | 'active' | 'stopped';

/** Why a cycle's signal aborted: the worker is stopping (finish the item in hand and return). */
export class WorkerStopping extends Error {
  override readonly name = 'WorkerStopping';
}

/**
 * One cycle of a leased worker: runs while `signal` is not aborted, on behalf of the lease holder. It stops after
 * the item in hand once `signal` aborts (its reason is `WorkerStopping` on stop, `LeaseLost` when the lease went),
 * and throws to report a failure (the worker backs off and starts a new cycle). Returning while the signal is
 * still live means the cycle ended on its own; the worker starts the next one at once.
 */
export type WorkerCycle = (lease: PostgresLease, signal: AbortSignal) => Promise<void>;

export interface LeasedWorkerOptions {
  /** Names the advisory lock (`lead-lease:<name>`): one holder among every replica on the cluster. */
  name: string;
  /** Where the lease's own connection goes (a pool's `options`). */
  database: pg.PoolConfig;
  cycle: WorkerCycle;
  /** How often a standby asks for the lease. Default 1000 ms. */
  leaseRetryMs?: number;
  /** Backoff after failed cycles. */
  retry?: Partial<Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>>;
  onStateChange?: (state: LeasedWorkerState) => void;
  /** A cycle failed (before the backoff); `failures` counts the failures in a row. */
  onFailure?: (error: unknown, failures: number) => void;
}

/**
 * The one shape of every background worker here (relay, embedded consumer, projector): a cycle that runs while
 * this instance holds a PostgreSQL session-level advisory lock, stops after the item in hand, backs off on failure,
 * and hands over. Other replicas wait as standbys; when the holder's session ends (it crashed, its host vanished)
 * PostgreSQL releases the lock and a standby's next cycle resumes from the checkpoint the cycle keeps. A lost lease
 * aborts the cycle's signal, and whatever only the holder may write goes through `lease.query` on the locking
 * session itself, so an instance that lost the lease cannot overwrite its successor's checkpoint.
 */
export class LeasedWorker {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private currentState: LeasedWorkerState = 'idle';

  constructor(private readonly options: LeasedWorkerOptions) {}

  get state(): LeasedWorkerState {
    return this.currentState;
  }

  get name(): string {
    return this.options.name;
  }

  /** Starts in the background (no-op when started). */
  start(): this {
    this.running ??= this.run();
    return this;
  }

  /** Lets the cycle finish its item, releases the lease; resolves when nothing more runs. */
  async stop(): Promise<void> {
    this.abort.abort(new WorkerStopping(`${this.options.name} stopped`));
    await this.running;
    this.setState('stopped');
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const policy = { ...DEFAULT_RETRY_POLICY, ...this.options.retry };
    let failures = 0;
    while (!signal.aborted) {
      let lease: PostgresLease;
      try {
        lease = await PostgresLease.acquire(this.options.database, this.options.name, {
          retryMs: this.options.leaseRetryMs ?? 1000,
          signal,
          onStandby: () => this.setState('standby'),
        });
      } catch {
        break; // stopped while waiting
      }
      this.setState('active');
      try {
        await this.runCycle(lease, signal);
        failures = 0;
      } catch (error) {
        failures++;
        this.options.onFailure?.(error, failures);
      } finally {
        await lease.release();
      }
      this.setState(signal.aborted ? 'stopped' : 'idle');
      if (failures > 0) await sleep(backoffDelay(policy, failures), signal);
    }
    this.setState('stopped');
  }

  /** The cycle with a signal that aborts on stop or on a lost lease; a lost lease is the cycle's failure. */
  private async runCycle(lease: PostgresLease, stopping: AbortSignal): Promise<void> {
    const cycle = new AbortController();
    const onStop = () => cycle.abort(stopping.reason);
    if (stopping.aborted) onStop();
    else stopping.addEventListener('abort', onStop, { once: true });
    let lost: LeaseLost | undefined;
    void lease.lost().then((error) => {
      if (cycle.signal.aborted) return;
      lost = error;
      cycle.abort(error);
    });
    try {
      await this.options.cycle(lease, cycle.signal);
    } finally {
      stopping.removeEventListener('abort', onStop);
      if (!cycle.signal.aborted) cycle.abort(new WorkerStopping('cycle ended'));
    }
    if (lost && !stopping.aborted) throw lost;
  }

  private setState(state: LeasedWorkerState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.options.onStateChange?.(state);
  }
}

/** Resolves when `signal` aborts (at once if it has). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
