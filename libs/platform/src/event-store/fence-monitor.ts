import { FenceWatch, type FenceSample } from '@lead/event-store';
import type { OnApplicationBootstrap, Provider } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { ServiceConfig } from '../config/service-config.js';
import { DATABASE_POOL } from '../database/database-pool.js';
import { ReadinessChecks, type Degradation } from '../health/readiness-checks.js';
import { ShutdownRegistry, type Stoppable } from '../lifecycle/shutdown-registry.js';
import { LOGGER } from '../logging/logger.tokens.js';
import { PlatformMetrics } from '../metrics/platform-metrics.js';

/** Injection token of the service's fence monitor (null with `EVENT_STORE=esdb` or `EVENT_STORE_FENCE_WATCH_MS=0`). */
export const FENCE_MONITOR = Symbol('FenceMonitor');

/** The gauge, in seconds; 0 when no transaction holds the fence, absent while the watch cannot sample. */
export const FENCE_HELD_GAUGE = 'lead_event_store_fence_held_seconds';

export interface FenceMonitorOptions {
  /** How often to sample (one query on the service's pool). */
  intervalMs: number;
  /** From this long on, `/ready` reports the fence as degraded. */
  degradedAfterMs: number;
  logger: Logger;
}

/**
 * Makes a stalled `$all` visible: samples the PostgreSQL store's xid fence every `intervalMs` (`FenceWatch`),
 * exports how long it has been held as `lead_event_store_fence_held_seconds`, and once that passes
 * `degradedAfterMs` turns `/ready` `degraded` (still 200: the service takes and stores requests; what waits is every
 * subscriber of the cluster) with the holder's pid, database, state and age — never its query. The ESDB adapter has
 * no fence; the monitor exists only with the PostgreSQL store. Every replica samples on its own (one cheap query
 * every few seconds), so each one's `/ready` tells.
 */
export class FenceMonitor implements Stoppable, OnApplicationBootstrap {
  private latest: FenceSample | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
  private reportedDegraded = false;
  private reportedFailure = false;
  private stopped = false;

  constructor(
    private readonly watch: Pick<FenceWatch, 'sample'>,
    private readonly options: FenceMonitorOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  /** Samples at once, then every `intervalMs` (no-op when started or stopped). */
  start(): this {
    if (this.timer || this.stopped) return this;
    void this.sampleNow();
    this.timer = setInterval(() => void this.sampleNow(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
  }

  /** Takes a sample now (joins one in flight); never rejects. */
  sampleNow(): Promise<void> {
    this.sampling ??= this.watch
      .sample()
      .then(
        (sample) => this.record(sample),
        (error: unknown) => this.failed(error),
      )
      .finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  /** Seconds the fence has been held at the last sample; undefined before the first or after a failed one. */
  heldSeconds(): number | undefined {
    return this.latest?.heldSeconds;
  }

  /** The fence, when it has been held for `degradedAfterMs` or longer (the readiness probe). */
  degradations(): Degradation[] {
    const sample = this.latest;
    if (!sample || sample.heldSeconds * 1000 < this.options.degradedAfterMs) return [];
    const seconds = Math.floor(sample.heldSeconds);
    const holder = sample.holder;
    const who = !holder
      ? 'a transaction whose backend this role cannot see'
      : holder.pid === null
        ? `a prepared transaction on database "${holder.database}"`
        : `the transaction of pid ${holder.pid} on database "${holder.database}" (${holder.state ?? 'state hidden from this role: grant it pg_read_all_stats'})`;
    return [
      {
        worker: 'event-store:fence',
        seconds,
        reason:
          `${who} has held the event store's xid fence for ${holder?.seconds === null || !holder ? 'at least ' : ''}${seconds} s: ` +
          '$all readers and subscriptions of every service on the cluster see nothing committed after it began',
        detail: {
          pid: holder?.pid ?? null,
          database: holder?.database ?? null,
          state: holder?.state ?? null,
          seconds,
        },
      },
    ];
  }

  private record(sample: FenceSample): void {
    this.latest = sample;
    this.reportedFailure = false;
    const degraded = this.degradations();
    if (degraded.length > 0 && !this.reportedDegraded) {
      this.reportedDegraded = true;
      this.options.logger.warn({ fence: degraded[0].detail }, degraded[0].reason);
    } else if (degraded.length === 0 && this.reportedDegraded) {
      this.reportedDegraded = false;
      this.options.logger.info({ fence: sample.holder ?? null }, "the event store's xid fence moves again");
    }
  }

  private failed(error: unknown): void {
    this.latest = undefined;
    if (this.stopped || this.reportedFailure) return;
    this.reportedFailure = true;
    this.options.logger.warn({ err: error }, "could not sample the event store's xid fence; retrying");
  }
}

/**
 * The service's fence monitor: with the PostgreSQL store (and `EVENT_STORE_FENCE_WATCH_MS` not 0), on the service's
 * pool, with its gauge on the service's `/metrics`, its degradation on `/ready` (probe `event-store`) and stopped
 * with the workers, before the pool closes.
 */
export const fenceMonitorProvider: Provider = {
  provide: FENCE_MONITOR,
  inject: [ServiceConfig, DATABASE_POOL, PlatformMetrics, ReadinessChecks, ShutdownRegistry, LOGGER],
  useFactory: (
    config: ServiceConfig,
    pool: pg.Pool,
    metrics: PlatformMetrics,
    readiness: ReadinessChecks,
    shutdown: ShutdownRegistry,
    logger: Logger,
  ): FenceMonitor | null => {
    if (config.EVENT_STORE !== 'postgres' || config.EVENT_STORE_FENCE_WATCH_MS === 0) return null;
    const monitor = new FenceMonitor(new FenceWatch(pool), {
      intervalMs: config.EVENT_STORE_FENCE_WATCH_MS,
      degradedAfterMs: config.EVENT_STORE_FENCE_DEGRADED_MS,
      logger: logger.child({ component: 'event-store-fence' }),
    });
    registerFenceGauge(metrics, monitor);
    readiness.registerDegradation('event-store', () => monitor.degradations());
    shutdown.register(monitor);
    return monitor;
  },
};

function registerFenceGauge(metrics: PlatformMetrics, monitor: FenceMonitor): void {
  new Gauge({
    name: FENCE_HELD_GAUGE,
    help:
      "Seconds the PostgreSQL event store's xid fence has been held by the oldest open transaction in the cluster " +
      '($all readers and subscriptions wait behind it); 0 when none',
    registers: [metrics.registry],
    collect() {
      const held = monitor.heldSeconds();
      if (held === undefined) this.reset();
      else this.set(held);
    },
  });
}
