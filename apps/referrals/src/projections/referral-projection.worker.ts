import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore, Position } from '@lead/event-store';
import {
  DATABASE_POOL,
  EVENT_STORE,
  LOGGER,
  ProjectionWorker,
  READ_MODEL_DATA_SOURCE,
  SERVICE_SCHEMA,
  ShutdownRegistry,
  type ProjectionState,
  type Stoppable,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PROJECTED_STREAM_PREFIXES, ReferralSummaryProjector } from './referral-summary.projector.js';

export type { ProjectionState };

/**
 * Part of the checkpoint id: bump it (with a migration that empties the tables) when the projection
 * must be rebuilt from the start of the log.
 */
export const PROJECTION_VERSION = 1;

/** The projection's checkpoint id in `schema`: the worker's, and where `lead-audit replay|diff` stops. */
export const referralProjectionCheckpointId = (schema: string) =>
  `projection:${schema}:referral-summaries:v${PROJECTION_VERSION}`;

/**
 * Runs the referral projection (`ProjectionWorker`): a checkpointed catch-up subscription on `$all` (referral and
 * participant streams) feeding `ReferralSummaryProjector`. Starts when the application has bootstrapped and stops,
 * after the event in hand, when it shuts down (before its data source closes). One replica projects at a time.
 */
@Injectable()
export class ReferralProjectionWorker implements OnApplicationBootstrap, Stoppable {
  readonly checkpointId: string;
  private readonly projection: () => ProjectionWorker;
  private worker: ProjectionWorker | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
    @Inject(LOGGER) logger: Logger,
  ) {
    const projector = new ReferralSummaryProjector(dataSource);
    const checkpointId = referralProjectionCheckpointId(schema);
    this.checkpointId = checkpointId;
    this.projection = () =>
      new ProjectionWorker({
        checkpointId,
        store,
        database: pool.options,
        projector,
        streamPrefixes: PROJECTED_STREAM_PREFIXES,
        onFailure: (error, failures) =>
          logger.error(
            { err: error, projection: checkpointId, failures },
            'referral projection failed; resuming from its checkpoint',
          ),
      });
  }

  get state(): ProjectionState {
    return this.worker?.state ?? (this.stopped ? 'stopped' : 'idle');
  }

  /** The last event applied by the running subscription, if any. */
  get lastPosition(): Position | undefined {
    return this.worker?.lastPosition;
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this);
    this.start();
  }

  /** Starts following the log from the stored checkpoint (no-op when running). */
  start(): void {
    this.worker ??= this.projection().start();
    this.stopped = false;
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
    this.stopped = true;
  }
}
