import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@lead/event-store';
import {
  DATABASE_POOL,
  EVENT_STORE,
  LOGGER,
  ProjectionWorker,
  SERVICE_SCHEMA,
  ShutdownRegistry,
  type ProjectionState,
  type Stoppable,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import { PROSECUTION_STREAM_PREFIX } from '../prosecution-matter.repository.js';
import { SEALING_CUSTODIANS_PROJECTION_VERSION, SealingCustodiansProjector } from './sealing-custodians.projector.js';

/**
 * Runs the sealing-custodians projection (`ProjectionWorker`): a checkpointed catch-up subscription on `$all`
 * (`prosecution-` streams) feeding `SealingCustodiansProjector`. Starts once the application has bootstrapped (the
 * projector's tables are migrated by then) and stops, after the event in hand, when it shuts down. One replica
 * projects at a time.
 */
@Injectable()
export class SealingCustodiansWorker implements OnApplicationBootstrap, Stoppable {
  readonly checkpointId: string;
  private readonly projection: () => ProjectionWorker;
  private worker: ProjectionWorker | undefined;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SealingCustodiansProjector) projector: SealingCustodiansProjector,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
    @Inject(LOGGER) logger: Logger,
  ) {
    const checkpointId = `projection:${schema}:sealing-custodians:v${SEALING_CUSTODIANS_PROJECTION_VERSION}`;
    this.checkpointId = checkpointId;
    this.projection = () =>
      new ProjectionWorker({
        checkpointId,
        store,
        database: pool.options,
        projector,
        streamPrefixes: [PROSECUTION_STREAM_PREFIX],
        onFailure: (error, failures) =>
          logger.error(
            { err: error, projection: checkpointId, failures },
            'sealing-custodians projection failed; resuming from its checkpoint',
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
