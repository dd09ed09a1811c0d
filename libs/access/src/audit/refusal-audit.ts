import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@lead/event-store';
import { DATABASE_POOL, EVENT_STORE, LOGGER, SERVICE_SCHEMA, ShutdownRegistry, type Stoppable } from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import { AccessSettings } from '../settings/access-settings.js';
import { RefusalAuditWorker } from './refusal-audit.worker.js';
import { RefusalLedger } from './refusal-ledger.js';

/** How often each replica adds its refusal counts to the shared table. */
const FLUSH_EVERY_MS = 1000;

/**
 * Runs the two halves of the refusal audit for the service: every replica flushes its in-memory
 * counts once a second, and the replica holding the lease writes closed windows to the access
 * audit. Stops with the other workers on shutdown, after a last flush.
 */
@Injectable()
export class RefusalAudit implements OnApplicationBootstrap, Stoppable {
  readonly worker: RefusalAuditWorker;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly logger: Logger;

  constructor(
    @Inject(RefusalLedger) private readonly ledger: RefusalLedger,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(AccessSettings) settings: AccessSettings,
    @Inject(LOGGER) logger: Logger,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
  ) {
    this.logger = logger.child({ component: 'refusal-audit' });
    this.worker = new RefusalAuditWorker({
      pool,
      schema,
      store,
      logger: this.logger,
      windowMs: settings.ACCESS_AUDIT_REFUSAL_WINDOW_SECONDS * 1000,
    });
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this);
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
    this.worker.start();
  }

  /** Adds this replica's counts to the shared table (one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() =>
      this.ledger.flush().catch((error: unknown) => {
        this.logger.error({ err: error, pending: this.ledger.pendingTallies }, 'could not flush refusal counts');
      }),
    );
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.worker.stop();
  }
}
