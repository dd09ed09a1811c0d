import { loadCheckpointSigner, postgresStreamIndex, type EventStore } from '@lead/event-store';
import type { OnApplicationBootstrap, Provider } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { SERVICE_DEFINITION, type ServiceDefinition } from '../../bootstrap/service-definition.js';
import { ServiceConfig } from '../../config/service-config.js';
import { DATABASE_POOL } from '../../database/database-pool.js';
import { ReadinessChecks } from '../../health/readiness-checks.js';
import { ShutdownRegistry } from '../../lifecycle/shutdown-registry.js';
import { LOGGER } from '../../logging/logger.tokens.js';
import { PlatformMetrics } from '../../metrics/platform-metrics.js';
import { ChainFindingsTable } from './chain-findings-table.js';
import { ChainIntegrity } from './chain-integrity.js';
import { ChainVerifier } from './chain-verifier.js';
import { CheckpointSchedule } from './checkpoint-schedule.js';

/** Injection token of the service's `ChainIntegrity` (what is held, `/ready`'s `event-store:chain`). */
export const CHAIN_INTEGRITY = Symbol('ChainIntegrity');
/** Injection token of the store as the adapter gives it, before the chain check (the verifier reads through it). */
export const UNCHECKED_EVENT_STORE = Symbol('UncheckedEventStore');
/** Injection token of the service's `ChainVerifier`; null with `CHAIN_VERIFY=off`. */
export const CHAIN_VERIFIER = Symbol('ChainVerifier');
/** Injection token of the service's `CheckpointSchedule`; null without AUDIT_CHECKPOINT_SIGNING_KEY_FILE. */
export const CHECKPOINT_SCHEDULE = Symbol('CheckpointSchedule');

export const CHAIN_OPEN_FINDINGS_GAUGE = 'lead_event_store_chain_open_findings';
export const CHAIN_EVENTS_VERIFIED_COUNTER = 'lead_event_store_chain_events_verified_total';
export const CHAIN_FULL_PASS_GAUGE = 'lead_event_store_chain_full_pass_completed_seconds';

export const chainIntegrityProvider: Provider = {
  provide: CHAIN_INTEGRITY,
  // After the store: its migrator creates the schema the table goes in (CREATE SCHEMA IF NOT EXISTS races).
  inject: [
    ServiceConfig,
    DATABASE_POOL,
    PlatformMetrics,
    ReadinessChecks,
    ShutdownRegistry,
    LOGGER,
    SERVICE_DEFINITION,
    UNCHECKED_EVENT_STORE,
  ],
  useFactory: async (
    config: ServiceConfig,
    pool: pg.Pool,
    metrics: PlatformMetrics,
    readiness: ReadinessChecks,
    shutdown: ShutdownRegistry,
    logger: Logger,
    definition: ServiceDefinition,
  ): Promise<ChainIntegrity> => {
    const table = await ChainFindingsTable.create(pool, config.EVENT_STORE_SCHEMA);
    const integrity = new ChainIntegrity(table, {
      refreshMs: config.CHAIN_FINDINGS_REFRESH_MS,
      serviceName: definition.serviceName,
      personalStreamPrefixes: excludedPrefixesOf(config),
      logger: logger.child({ component: 'event-store-chain' }),
    });
    await integrity.start();
    new Gauge({
      name: CHAIN_OPEN_FINDINGS_GAUGE,
      help: 'Open hash-chain findings of the event store (edited, missing or inserted events; docs/audit.md); 0 when whole',
      registers: [metrics.registry],
      collect() {
        this.set(integrity.open.length);
      },
    });
    readiness.registerDegradation('event-store-chain', () => integrity.degradations());
    shutdown.register(integrity);
    return integrity;
  },
};

/** Starts the verifier and the checkpoint schedule once the app is up (not while modules are still created). */
class ChainVerifierStarter implements OnApplicationBootstrap {
  constructor(
    private readonly verifier: ChainVerifier | null,
    private readonly checkpoints: CheckpointSchedule | null,
  ) {}
  onApplicationBootstrap(): void {
    this.verifier?.start();
    this.checkpoints?.start();
  }
}

export const chainVerifierProviders: Provider[] = [
  {
    provide: CHAIN_VERIFIER,
    inject: [
      ServiceConfig,
      DATABASE_POOL,
      UNCHECKED_EVENT_STORE,
      CHAIN_INTEGRITY,
      PlatformMetrics,
      ShutdownRegistry,
      LOGGER,
    ],
    useFactory: async (
      config: ServiceConfig,
      pool: pg.Pool,
      store: EventStore,
      integrity: ChainIntegrity,
      metrics: PlatformMetrics,
      shutdown: ShutdownRegistry,
      logger: Logger,
    ): Promise<ChainVerifier | null> => {
      if (config.CHAIN_VERIFY === 'off') return null;
      const verified = new Counter({
        name: CHAIN_EVENTS_VERIFIED_COUNTER,
        help: 'Events whose hash chain this replica verified, as appended (live) or in a full pass (full)',
        labelNames: ['check'],
        registers: [metrics.registry],
      });
      const lastPass = new Gauge({
        name: CHAIN_FULL_PASS_GAUGE,
        help: 'Unix time (s) of the last full chain pass this replica completed',
        registers: [metrics.registry],
      });
      const schema = config.EVENT_STORE_SCHEMA;
      const verifier = new ChainVerifier({
        name: `chain-verify:${config.EVENT_STORE === 'postgres' ? schema : 'esdb'}`,
        store,
        streamIndex: config.EVENT_STORE === 'postgres' ? postgresStreamIndex(pool, schema) : undefined,
        database: pool.options,
        table: integrity.table,
        integrity,
        fullPassEveryMs: config.CHAIN_VERIFY_FULL_INTERVAL_MS,
        liveIntervalMs: config.CHAIN_VERIFY_LIVE_INTERVAL_MS,
        checkpoints:
          config.AUDIT_CHECKPOINT_DIR && config.AUDIT_CHECKPOINT_KEYS_DIR
            ? {
                directory: config.AUDIT_CHECKPOINT_DIR,
                keysDirectory: config.AUDIT_CHECKPOINT_KEYS_DIR,
                storeId: config.EVENT_STORE_ID,
                newest: config.AUDIT_CHECKPOINTS_VERIFIED,
              }
            : undefined,
        logger: logger.child({ component: 'event-store-chain-verifier' }),
        onEventsVerified: (check, count) => verified.inc({ check }, count),
        onFullPass: (at) => lastPass.set(at.getTime() / 1000),
      });
      shutdown.register(verifier);
      return verifier;
    },
  },
  {
    provide: CHECKPOINT_SCHEDULE,
    inject: [ServiceConfig, DATABASE_POOL, UNCHECKED_EVENT_STORE, CHAIN_INTEGRITY, ShutdownRegistry, LOGGER],
    useFactory: (
      config: ServiceConfig,
      pool: pg.Pool,
      store: EventStore,
      integrity: ChainIntegrity,
      shutdown: ShutdownRegistry,
      logger: Logger,
    ): CheckpointSchedule | null => {
      if (
        !config.AUDIT_CHECKPOINT_SIGNING_KEY_FILE ||
        !config.AUDIT_CHECKPOINT_DIR ||
        !config.AUDIT_CHECKPOINT_KEYS_DIR
      )
        return null;
      // Read at start: a missing or wrong key stops the service with the reason, not the first checkpoint hours later.
      const signer = loadCheckpointSigner({ path: config.AUDIT_CHECKPOINT_SIGNING_KEY_FILE });
      const storeId = checkpointStoreIdOf(config);
      const schedule = new CheckpointSchedule({
        name: `audit-checkpoint:${config.EVENT_STORE === 'postgres' ? config.EVENT_STORE_SCHEMA : 'esdb'}`,
        store,
        database: pool.options,
        signer,
        storeId,
        directory: config.AUDIT_CHECKPOINT_DIR,
        keysDirectory: config.AUDIT_CHECKPOINT_KEYS_DIR,
        integrity,
        everyMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
        excludedPrefixes: excludedPrefixesOf(config),
        logger: logger.child({ component: 'event-store-checkpoints' }),
      });
      shutdown.register(schedule);
      return schedule;
    },
  },
  {
    provide: ChainVerifierStarter,
    inject: [CHAIN_VERIFIER, CHECKPOINT_SCHEDULE],
    useFactory: (verifier: ChainVerifier | null, checkpoints: CheckpointSchedule | null) =>
      new ChainVerifierStarter(verifier, checkpoints),
  },
];

/** The store's name in its checkpoints: EVENT_STORE_ID, by default the event store's schema. */
export function checkpointStoreIdOf(config: Pick<ServiceConfig, 'EVENT_STORE_ID' | 'EVENT_STORE_SCHEMA'>): string {
  return config.EVENT_STORE_ID ?? config.EVENT_STORE_SCHEMA;
}

/** The streams whose names are personal and purged by erasure: left out of checkpoints, redacted in findings. */
function excludedPrefixesOf(config: ServiceConfig): string[] {
  return config.AUDIT_CHECKPOINT_EXCLUDED_PREFIXES.split(',')
    .map((prefix) => prefix.trim())
    .filter((prefix) => prefix.length > 0);
}
