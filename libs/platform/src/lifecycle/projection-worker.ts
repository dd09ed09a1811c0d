import type { EventStore, Position, RecordedEvent, Subscription } from '@lead/event-store';
import type pg from 'pg';
import { aborted, LeasedWorker } from './leased-worker.js';

/** Folds stored events into a read model; idempotent (a replayed event changes nothing), so replays are safe. */
export interface Projector {
  apply(event: RecordedEvent): Promise<void>;
  /** A page in one transaction: all of it is applied or none (the subscription then re-delivers it). */
  applyPage(events: RecordedEvent[]): Promise<void>;
}

export type ProjectionState = 'idle' | 'standby' | 'catching-up' | 'live' | 'stopped';

export interface ProjectionWorkerOptions {
  /** The subscription's checkpoint id and the lease's name, e.g. `projection:<schema>:<model>:v<version>`. */
  checkpointId: string;
  store: EventStore;
  /** Where the lease's own connection goes (the service pool's `options`). */
  database: pg.PoolConfig;
  projector: Projector;
  /** The streams the projection follows. */
  streamPrefixes: readonly string[];
  /** Events applied in one transaction. Default 100. */
  pageSize?: number;
  /** Events between two stored checkpoints; replaying up to this many after a crash changes nothing. Default 100. */
  checkpointEvery?: number;
  /** A cycle failed; it resumes from the checkpoint after a backoff. */
  onFailure?: (error: unknown, failures: number) => void;
}

/**
 * A projection: a checkpointed catch-up subscription on `$all`, filtered by stream prefix, feeding a projector, run
 * by a leased worker (one replica projects at a time; the others stand by). A failure (the database went away)
 * restarts the subscription from its checkpoint after a backoff; what is replayed is absorbed by the projector.
 * Its lag is the event store's `lead_subscription_lag_events{subscription="<checkpointId>"}` gauge on /metrics.
 */
export class ProjectionWorker {
  private worker: LeasedWorker | undefined;
  private subscription: Subscription | undefined;
  private currentState: ProjectionState = 'idle';

  constructor(private readonly options: ProjectionWorkerOptions) {}

  get checkpointId(): string {
    return this.options.checkpointId;
  }

  get state(): ProjectionState {
    return this.currentState;
  }

  /** The last event applied by the running subscription, if any. */
  get lastPosition(): Position | undefined {
    return this.subscription?.lastPosition;
  }

  /** Starts following the log from the stored checkpoint (no-op when running). */
  start(): this {
    if (this.worker) return this;
    this.worker = new LeasedWorker({
      name: this.options.checkpointId,
      database: this.options.database,
      cycle: (_lease, signal) => this.project(signal),
      onStateChange: (state) => {
        if (state !== 'active') this.currentState = state;
      },
      ...(this.options.onFailure ? { onFailure: this.options.onFailure } : {}),
    }).start();
    return this;
  }

  /** Stops after the event in hand (before the read model's data source closes). */
  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
    this.currentState = 'stopped';
  }

  private async project(signal: AbortSignal): Promise<void> {
    this.currentState = 'catching-up';
    const { projector } = this.options;
    const subscription = this.options.store.subscribeToAll((event) => projector.apply(event), {
      pageHandler: (events) => projector.applyPage(events),
      // A page is one transaction, and a transaction holding an id holds back every $all reader of the cluster
      // until it commits (the fence): pages stay short while catching up.
      batchSize: this.options.pageSize ?? 100,
      checkpointId: this.options.checkpointId,
      checkpointEvery: this.options.checkpointEvery ?? 100,
      filter: { streamPrefixes: [...this.options.streamPrefixes] },
      onCaughtUp: () => (this.currentState = 'live'),
    });
    this.subscription = subscription;
    let failure: unknown;
    await Promise.race([subscription.done.catch((error: unknown) => void (failure = error)), aborted(signal)]);
    await subscription.stop();
    // A stop or a lost lease also ends the subscription; the worker knows which (a lost lease is its failure).
    if (failure !== undefined && !signal.aborted) throw failure;
  }
}
