import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, Position, Subscription } from '@lead/event-store';
import {
  aborted,
  DATABASE_POOL,
  EVENT_STORE,
  LeasedWorker,
  LOGGER,
  READ_MODEL_DATA_SOURCE,
  SERVICE_SCHEMA,
  ShutdownRegistry,
  type Stoppable,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PROJECTED_STREAM_PREFIXES, ReferralSummaryProjector } from './referral-summary.projector.js';

/**
 * Part of the checkpoint id: bump it (with a migration that empties the tables) when the projection
 * must be rebuilt from the start of the log.
 */
export const PROJECTION_VERSION = 1;

/** Events between two stored checkpoints; replaying up to this many after a crash changes nothing. */
const CHECKPOINT_EVERY = 100;

/** Events applied in one transaction. */
const PAGE_SIZE = 100;

export type ProjectionState = 'idle' | 'standby' | 'catching-up' | 'live' | 'stopped';

/**
 * Runs the referral projection: a checkpointed catch-up subscription on `$all` (referral and
 * participant streams) feeding `ReferralSummaryProjector`. Starts when the application has
 * bootstrapped and stops, after the event in hand, when it shuts down (before its data source
 * closes). One replica projects at a time (a PostgreSQL lease; the others stand by). A failure
 * (the database went away) restarts the subscription from its checkpoint after a backoff; what is
 * replayed is absorbed by the projector's revision checks. Its lag is the event store's
 * `lead_subscription_lag_events{subscription="<checkpointId>"}` gauge on /metrics.
 */
@Injectable()
export class ReferralProjectionWorker implements OnApplicationBootstrap, Stoppable {
  readonly checkpointId: string;
  private readonly projector: ReferralSummaryProjector;
  private worker: LeasedWorker | undefined;
  private subscription: Subscription | undefined;
  private currentState: ProjectionState = 'idle';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.projector = new ReferralSummaryProjector(dataSource);
    this.checkpointId = `projection:${schema}:referral-summaries:v${PROJECTION_VERSION}`;
  }

  get state(): ProjectionState {
    return this.currentState;
  }

  /** The last event applied by the running subscription, if any. */
  get lastPosition(): Position | undefined {
    return this.subscription?.lastPosition;
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this);
    this.start();
  }

  /** Starts following the log from the stored checkpoint (no-op when running). */
  start(): void {
    if (this.worker) return;
    this.worker = new LeasedWorker({
      name: this.checkpointId,
      database: this.pool.options,
      cycle: (_lease, signal) => this.project(signal),
      onStateChange: (state) => {
        if (state !== 'active') this.currentState = state;
      },
      onFailure: (error, failures) =>
        this.logger.error(
          { err: error, projection: this.checkpointId, failures },
          'referral projection failed; resuming from its checkpoint',
        ),
    }).start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
    this.currentState = 'stopped';
  }

  private async project(signal: AbortSignal): Promise<void> {
    this.currentState = 'catching-up';
    const subscription = this.store.subscribeToAll((event) => this.projector.apply(event), {
      pageHandler: (events) => this.projector.applyPage(events),
      // A page is one transaction, and a transaction holding an id holds back every $all reader of the cluster
      // until it commits (the fence): pages stay short while catching up.
      batchSize: PAGE_SIZE,
      checkpointId: this.checkpointId,
      checkpointEvery: CHECKPOINT_EVERY,
      filter: { streamPrefixes: PROJECTED_STREAM_PREFIXES },
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
