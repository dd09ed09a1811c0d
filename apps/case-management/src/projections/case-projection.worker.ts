import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@lead/event-store';
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
import { CASE_STREAM_PREFIX, CaseSummaryProjector } from './case-summary.projector.js';

/**
 * Part of the checkpoint id: bump it (with a migration that empties the table) when the projection must be rebuilt
 * from the start of the log.
 */
export const CASE_PROJECTION_VERSION = 1;

/** The projection's checkpoint id in `schema`: the worker's, and where `lead-audit replay|diff` stops. */
export const caseProjectionCheckpointId = (schema: string) =>
  `projection:${schema}:case-summaries:v${CASE_PROJECTION_VERSION}`;

/**
 * Runs the case projection (`ProjectionWorker`): a checkpointed catch-up subscription on `$all` (`case-` streams)
 * feeding `CaseSummaryProjector`. Starts when the application has bootstrapped and stops, after the event in hand,
 * when it shuts down (before its data source closes). One replica projects at a time.
 */
@Injectable()
export class CaseProjectionWorker implements OnApplicationBootstrap, Stoppable {
  readonly checkpointId: string;
  private readonly projection: () => ProjectionWorker;
  private worker: ProjectionWorker | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) dataSource: DataSource,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
    @Inject(LOGGER) logger: Logger,
  ) {
    const projector = new CaseSummaryProjector(dataSource);
    const checkpointId = caseProjectionCheckpointId(schema);
    this.checkpointId = checkpointId;
    this.projection = () =>
      new ProjectionWorker({
        checkpointId,
        store,
        database: pool.options,
        projector,
        streamPrefixes: [CASE_STREAM_PREFIX],
        onFailure: (error, failures) =>
          logger.error(
            { err: error, projection: checkpointId, failures },
            'case projection failed; resuming from its checkpoint',
          ),
      });
  }

  get state(): ProjectionState {
    return this.worker?.state ?? 'idle';
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this);
    this.start();
  }

  /** Starts following the log from the stored checkpoint (no-op when running). */
  start(): void {
    this.worker ??= this.projection().start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }
}
