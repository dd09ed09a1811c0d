import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { EventStore } from '@lead/event-store';
import type pg from 'pg';
import { DATABASE_POOL } from '../database/database-pool.js';
import { EVENT_STORE } from '../event-store/event-store.provider.js';
import { ShutdownRegistry } from './shutdown-registry.js';

/** How often idle keep-alive connections are closed while the HTTP server drains. */
const DRAIN_SWEEP_MS = 50;

/**
 * Shutdown order. Nest closes the HTTP server between the two hooks: it stops accepting
 * connections and waits for in-flight requests. A keep-alive connection that was busy when the
 * close began would then stay open until the client's idle timeout (seconds), so while draining
 * such connections are closed as soon as their response is out. After that: workers stop after
 * their current event, then the resources they used (read-model data sources), then the event
 * store, then the pool they all write through. Each step runs even if an earlier one failed.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private drainSweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly workers: ShutdownRegistry,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(signal ? `Shutting down on ${signal}` : 'Shutting down');
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (typeof server?.closeIdleConnections !== 'function') return;
    this.drainSweep = setInterval(() => server.closeIdleConnections(), DRAIN_SWEEP_MS);
    this.drainSweep.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.drainSweep);
    await this.step('stop workers', () => this.workers.stopAll());
    await this.step('close resources', () => this.workers.closeResources());
    await this.step('close event store', () => this.eventStore.close());
    // The store may own and have ended the pool already; ending it twice throws.
    await this.step('close database pool', () => (this.pool.ended ? Promise.resolve() : this.pool.end()));
    this.logger.log('Shutdown complete');
  }

  private async step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.error({ msg: `Shutdown step failed: ${name}`, err: error });
    }
  }
}
