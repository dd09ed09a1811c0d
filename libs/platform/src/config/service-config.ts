import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DEFAULT_CONNECTION_BOUNDS, MAX_CONNECTION_BOUND_MS } from '../database/connection-bounds.js';
import { IsPostgresUrl } from './is-postgres-url.js';
import {
  IsApiDocsExposure,
  IsMetricsExposure,
  IsMetricsToken,
  type ApiDocsExposure,
  type MetricsExposure,
} from './operations-exposure.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const EVENT_STORE_KINDS = ['postgres', 'esdb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

export const BUS_KINDS = ['embedded', 'kafka'] as const;
export type BusKind = (typeof BUS_KINDS)[number];

/** PostgreSQL identifiers we create ourselves: lower case so they never need quoting by hand. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SCHEMA_NAME_MESSAGE = '$property must be a lower-case PostgreSQL identifier (a-z, 0-9, _; at most 63 characters)';
const BOUND_MESSAGE = `$property must be an integer between 0 and ${MAX_CONNECTION_BOUND_MS} (ms; 0 leaves the server's setting)`;
const FENCE_WATCH_MESSAGE = '$property must be 0 (no watch) or an integer between 100 and 3600000 (ms)';
const CHAIN_INTERVAL_MESSAGE = '$property must be 0 (at start only) or an integer between 100 and 604800000 (ms)';
const CHECKPOINT_INTERVAL_MESSAGE = '$property must be an integer between 1000 and 604800000 (ms)';
const CHAIN_REFRESH_MESSAGE = '$property must be an integer between 100 and 600000 (ms)';
const FENCE_DEGRADED_MESSAGE = '$property must be an integer between 100 and 86400000 (ms)';

/**
 * Settings every service reads from its environment. A service declares its own subclass
 * (at least to give `HTTP_PORT` its default) and adds its settings with class-validator
 * decorators; `loadConfig` fills it from `process.env` and refuses to start on any error.
 * Property names are the environment variable names, so an error message names exactly
 * what the operator has to change.
 */
export class ServiceConfig {
  /** No default here: each service has its own port and must say which. */
  @IsInt({ message: '$property must be an integer between 1 and 65535' })
  @Min(1, { message: '$property must be an integer between 1 and 65535' })
  @Max(65535, { message: '$property must be an integer between 1 and 65535' })
  HTTP_PORT!: number;

  @IsPostgresUrl()
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/postgres';

  /** Overrides the schema the service keeps its own tables in (its name by default). */
  @IsOptional()
  @Matches(SCHEMA_NAME, { message: SCHEMA_NAME_MESSAGE })
  DATABASE_SCHEMA?: string;

  /**
   * The server ends a session of this service left idle inside a transaction for longer (see connection-bounds.ts:
   * on a shared cluster any open transaction holds back every event store subscriber). 0: the server's setting.
   */
  @IsInt({ message: BOUND_MESSAGE })
  @Min(0, { message: BOUND_MESSAGE })
  @Max(MAX_CONNECTION_BOUND_MS, { message: BOUND_MESSAGE })
  DATABASE_IDLE_IN_TX_TIMEOUT_MS: number = DEFAULT_CONNECTION_BOUNDS.idleInTransactionMs;

  /** The server cancels a statement of this service running longer. 0: the server's setting. */
  @IsInt({ message: BOUND_MESSAGE })
  @Min(0, { message: BOUND_MESSAGE })
  @Max(MAX_CONNECTION_BOUND_MS, { message: BOUND_MESSAGE })
  DATABASE_STATEMENT_TIMEOUT_MS: number = DEFAULT_CONNECTION_BOUNDS.statementMs;

  /** The server cancels a statement of this service waiting longer for a lock. 0 (default): the server's setting. */
  @IsInt({ message: BOUND_MESSAGE })
  @Min(0, { message: BOUND_MESSAGE })
  @Max(MAX_CONNECTION_BOUND_MS, { message: BOUND_MESSAGE })
  DATABASE_LOCK_TIMEOUT_MS: number = DEFAULT_CONNECTION_BOUNDS.lockMs;

  @IsIn(LOG_LEVELS, { message: `$property must be one of: ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevelName = 'info';

  @IsIn(EVENT_STORE_KINDS, { message: `$property must be one of: ${EVENT_STORE_KINDS.join(', ')}` })
  EVENT_STORE: EventStoreKind = 'postgres';

  /** The PostgreSQL event store is shared by all services, so its schema is not the service's own. */
  @Matches(SCHEMA_NAME, { message: SCHEMA_NAME_MESSAGE })
  EVENT_STORE_SCHEMA: string = 'event_store';

  /**
   * How often the service measures how long the PostgreSQL event store's xid fence has been held back by an open
   * transaction anywhere in the cluster (`lead_event_store_fence_held_seconds`; docs/event-store.md). 0: not at all.
   */
  @ValidateIf((config: ServiceConfig) => config.EVENT_STORE_FENCE_WATCH_MS !== 0)
  @IsInt({ message: FENCE_WATCH_MESSAGE })
  @Min(100, { message: FENCE_WATCH_MESSAGE })
  @Max(3_600_000, { message: FENCE_WATCH_MESSAGE })
  EVENT_STORE_FENCE_WATCH_MS: number = 5000;

  /** A fence held back this long turns `/ready` `degraded`, naming the transaction (pid, database, state, age). */
  @IsInt({ message: FENCE_DEGRADED_MESSAGE })
  @Min(100, { message: FENCE_DEGRADED_MESSAGE })
  @Max(86_400_000, { message: FENCE_DEGRADED_MESSAGE })
  EVENT_STORE_FENCE_DEGRADED_MS: number = 10_000;

  // class-validator runs the decorator nearest the property first; with stopAtFirstError a
  // missing value is reported as missing rather than as malformed.
  @ValidateIf((config: ServiceConfig) => config.EVENT_STORE === 'esdb')
  @Matches(/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//, {
    message: '$property must be an esdb:// (or kurrentdb://) connection string',
  })
  @IsNotEmpty({ message: '$property is required when EVENT_STORE=esdb' })
  ESDB_CONNECTION_STRING?: string;

  /**
   * The store's continuous verification (docs/audit.md): `on` follows every append and walks every chain at start
   * and every CHAIN_VERIFY_FULL_INTERVAL_MS, one replica of one service of the store at a time; `off` only for a
   * store another deployment verifies. Streams found broken are held (neither read nor written) either way.
   */
  @IsIn(['on', 'off'], { message: '$property must be one of: on, off' })
  CHAIN_VERIFY: 'on' | 'off' = 'on';

  /** How often every chain is walked again (and the store measured against the newest checkpoints); 0: at start only. */
  @ValidateIf((config: ServiceConfig) => config.CHAIN_VERIFY_FULL_INTERVAL_MS !== 0)
  @IsInt({ message: CHAIN_INTERVAL_MESSAGE })
  @Min(100, { message: CHAIN_INTERVAL_MESSAGE })
  @Max(604_800_000, { message: CHAIN_INTERVAL_MESSAGE })
  CHAIN_VERIFY_FULL_INTERVAL_MS: number = 3_600_000;

  /** How often the lease holder reads and checks what was appended since (one read per interval, not per append). */
  @IsInt({ message: '$property must be an integer between 10 and 60000 (ms)' })
  @Min(10, { message: '$property must be an integer between 10 and 60000 (ms)' })
  @Max(60_000, { message: '$property must be an integer between 10 and 60000 (ms)' })
  CHAIN_VERIFY_LIVE_INTERVAL_MS: number = 250;

  /** How often each replica reads the open chain findings again (to hold their streams and say degraded). */
  @IsInt({ message: CHAIN_REFRESH_MESSAGE })
  @Min(100, { message: CHAIN_REFRESH_MESSAGE })
  @Max(600_000, { message: CHAIN_REFRESH_MESSAGE })
  CHAIN_FINDINGS_REFRESH_MS: number = 5000;

  /**
   * The directory the auditor's signed checkpoints are published to, read on each full pass; with
   * AUDIT_CHECKPOINT_KEYS_DIR (the auditor's public keys, `*.pem`). Both or neither.
   */
  @ValidateIf(
    (config: ServiceConfig) =>
      config.AUDIT_CHECKPOINT_KEYS_DIR !== undefined || config.AUDIT_CHECKPOINT_SIGNING_KEY_FILE !== undefined,
  )
  @IsNotEmpty({ message: '$property is required with AUDIT_CHECKPOINT_KEYS_DIR or AUDIT_CHECKPOINT_SIGNING_KEY_FILE' })
  @IsString()
  AUDIT_CHECKPOINT_DIR?: string;

  @ValidateIf((config: ServiceConfig) => config.AUDIT_CHECKPOINT_DIR !== undefined)
  @IsNotEmpty({ message: '$property is required with AUDIT_CHECKPOINT_DIR' })
  @IsString()
  AUDIT_CHECKPOINT_KEYS_DIR?: string;

  /** How many of the newest checkpoints each full pass measures the store against (lead-audit verify takes all). */
  @IsInt({ message: '$property must be an integer between 1 and 100' })
  @Min(1, { message: '$property must be an integer between 1 and 100' })
  @Max(100, { message: '$property must be an integer between 1 and 100' })
  AUDIT_CHECKPOINTS_VERIFIED: number = 2;

  /**
   * Signs a checkpoint of the store every AUDIT_CHECKPOINT_INTERVAL_MS into AUDIT_CHECKPOINT_DIR (one replica of
   * one service at a time) with this ed25519 private key (PKCS#8 PEM file), issued by the deployment's auditor and
   * never stored in the database. Unset: checkpoints are the auditor's own `lead-audit checkpoint` runs.
   */
  @ValidateIf((config: ServiceConfig) => config.AUDIT_CHECKPOINT_SIGNING_KEY_FILE !== undefined)
  @IsString()
  @IsNotEmpty({ message: '$property must name a file' })
  AUDIT_CHECKPOINT_SIGNING_KEY_FILE?: string;

  @IsInt({ message: CHECKPOINT_INTERVAL_MESSAGE })
  @Min(1000, { message: CHECKPOINT_INTERVAL_MESSAGE })
  @Max(604_800_000, { message: CHECKPOINT_INTERVAL_MESSAGE })
  AUDIT_CHECKPOINT_INTERVAL_MS: number = 3_600_000;

  /**
   * Stream-id prefixes left out of signed checkpoints (comma-separated; the names erasure purges). Each as the
   * checkpoint contract publishes it (lead.audit.checkpoint-signed): a prefix it refuses would stop every checkpoint
   * from reaching the bus.
   */
  @Matches(/^\s*([A-Za-z0-9._-]{1,100}\s*(,\s*[A-Za-z0-9._-]{1,100}\s*)*)?$/, {
    message: '$property must be comma-separated prefixes of 1 to 100 letters, digits, dots, dashes or underscores',
  })
  AUDIT_CHECKPOINT_EXCLUDED_PREFIXES: string = 'participantmatch-';

  /** The store's name in its checkpoints; checkpoints of another store are refused. Unset: any. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1 to 100 letters, digits, dots, dashes or underscores',
  })
  EVENT_STORE_ID?: string;

  @IsIn(BUS_KINDS, { message: `$property must be one of: ${BUS_KINDS.join(', ')}` })
  BUS: BusKind = 'embedded';

  /**
   * How long a completed `Idempotency-Key` is remembered (from its reservation): a retry within it gets the first
   * response again, a retry after it runs as a new request. Older keys, and reservations abandoned by a process
   * that died, are swept away periodically. At most a year.
   */
  @IsInt({ message: '$property must be an integer between 1 and 8760 (hours)' })
  @Min(1, { message: '$property must be an integer between 1 and 8760 (hours)' })
  @Max(8760, { message: '$property must be an integer between 1 and 8760 (hours)' })
  IDEMPOTENCY_KEY_RETENTION_HOURS: number = 24;

  /** `production` closes the operations endpoints below unless told otherwise (and libs/access refuses dev keys). */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * The OpenAPI document and Swagger UI (`/docs`, `/docs-json`, `/docs-yaml`): `public` or `off`. Unset: public,
   * except with NODE_ENV=production, where it is off and may not be public (operations-exposure.ts).
   */
  @IsApiDocsExposure()
  API_DOCS?: ApiDocsExposure;

  /**
   * `/metrics`: `public`, `token` (the scraper sends `Authorization: Bearer <METRICS_TOKEN>`) or `off`. Unset:
   * `token` when METRICS_TOKEN is set, else public, except with NODE_ENV=production, where it is off.
   */
  @IsMetricsExposure()
  METRICS_EXPOSURE?: MetricsExposure;

  /** The scrape token `/metrics` asks for (at least 32 printable characters). */
  @IsMetricsToken()
  METRICS_TOKEN?: string;
}
