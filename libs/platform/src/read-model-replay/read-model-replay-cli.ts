import {
  AuditSetupError,
  EsdbEventStore,
  formatPosition,
  openAuditedStore,
  openExistingStore,
  quoteSchema,
  type AuditedStore,
  type EventStore,
} from '@lead/event-store';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ServiceConfig } from '../config/service-config.js';
import { connectionBoundOptions } from '../database/connection-bounds.js';
import { connectionBoundsOf } from '../database/database-pool.js';
import { esdbLiveCheckpoint, postgresLiveCheckpoint, type LiveCheckpoint } from './live-checkpoint.js';
import { ReadModelDiff, type ReadModelDiffResult } from './read-model-diff.js';
import { ReadModelReplay } from './read-model-replay.js';
import { replaySchemaName } from './replay-schema-name.js';
import type { ReplayableReadModel } from './replayable-read-model.js';

export interface ReadModelReplayCliIo {
  out(line: string): void;
  err(line: string): void;
}

/** What a service hands its `read-model` command: its read models, and its settings loaded its own way. */
export interface ReadModelReplayService {
  serviceName: string;
  readModels: readonly ReplayableReadModel[];
  /** The service's configuration (throws on an invalid one) and the schema of its own tables. */
  settings(): { config: ServiceConfig; schema: string };
}

/** The service's `read-model` usage: its read models, the commands, the exit codes. */
export function readModelReplayUsage(service: Pick<ReadModelReplayService, 'serviceName' | 'readModels'>): string {
  const names = service.readModels.map((readModel) => readModel.name).join('|');
  return `Replays or diffs a read model of the ${service.serviceName} service against the log it is built from.

  read-model replay <${names}> [--json]
        rebuild it from the log into a fresh schema beside the live one (<schema>_replay_<yyyymmddhhmmss>), up to the
        live projection's checkpoint, with the service's own projector; the live tables are untouched
  read-model diff <${names}> [--json]
        replay it into a scratch schema (dropped afterwards) and compare each table with the live one, row by row
        by primary key, column by column; one line per mismatch: kind, table, key, columns

  --json  the result as one JSON object

Environment: the ${service.serviceName} service's own (DATABASE_URL, DATABASE_SCHEMA, EVENT_STORE_SCHEMA, ...).
Exit codes: 0 done (diff: they match), 1 the diff found mismatches, 2 usage or setup errors.`;
}

/** `read-model replay|diff <read-model>` of one service; returns the exit code. */
export async function runReadModelReplayCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ReadModelReplayCliIo,
  service: ReadModelReplayService,
): Promise<number> {
  const usage = readModelReplayUsage(service);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const [command, name, extra] = positionals;
  const readModel = service.readModels.find((candidate) => candidate.name === name);
  const problems = [
    command !== 'replay' && command !== 'diff'
      ? `a command is required: replay or diff (not ${command ?? 'none'})`
      : null,
    readModel === undefined
      ? `a read model is required: ${service.readModels.map((known) => known.name).join(', ')} (not ${name ?? 'none'})`
      : null,
    extra !== undefined ? `unexpected argument ${extra}` : null,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0 || readModel === undefined) {
    io.err(`${problems.join('\n')}\n\n${usage}`);
    return 2;
  }

  let settings;
  try {
    settings = service.settings();
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const { config, schema } = settings;
  const bounds = connectionBoundsOf(config);
  // The read models are in PostgreSQL whichever the event store.
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4, ...connectionBoundOptions(bounds) });
  let store: EventStore | undefined;
  let esdb: AuditedStore | undefined;
  try {
    const missing = await missingReadModel(pool, schema, readModel);
    if (missing) {
      io.err(`read-model: ${missing}`);
      return 2;
    }
    let liveCheckpoint: LiveCheckpoint;
    if (config.EVENT_STORE === 'esdb') {
      // The projection's checkpoint is in EventStoreDB beside the log (`$lead-checkpoint-<id>`).
      esdb = await openAuditedStore({ kind: 'esdb', connectionString: config.ESDB_CONNECTION_STRING! });
      if (!(esdb.store instanceof EsdbEventStore)) throw new Error('an EventStoreDB connection without its adapter');
      liveCheckpoint = esdbLiveCheckpoint(esdb.store);
      store = esdb.store;
    } else {
      store = await openExistingStore(pool, config.EVENT_STORE_SCHEMA);
      liveCheckpoint = postgresLiveCheckpoint(pool, config.EVENT_STORE_SCHEMA);
    }
    const replay = new ReadModelReplay({
      readModel,
      store,
      pool,
      databaseUrl: config.DATABASE_URL,
      liveSchema: schema,
      liveCheckpoint,
      connectionBounds: bounds,
    });
    if (command === 'replay') {
      const outcome = await replay.replayInto(replaySchemaName(schema, new Date()));
      const eventsPerSecond = Math.round(outcome.events / Math.max(outcome.seconds, 0.001));
      const upTo = outcome.upTo ? formatPosition(outcome.upTo) : null;
      io.out(
        values.json
          ? JSON.stringify({
              readModel: readModel.name,
              schema: outcome.schema,
              tables: outcome.tables,
              replayedEvents: outcome.events,
              upTo,
              seconds: outcome.seconds,
              eventsPerSecond,
            })
          : `replayed ${outcome.events} events into ${outcome.schema} (${outcome.tables.join(', ')}) in ` +
              `${outcome.seconds.toFixed(1)} s (${eventsPerSecond} events/s), ` +
              (upTo ? `up to the live checkpoint ${upTo}` : 'none: the live projection has no checkpoint yet') +
              '; the live tables are untouched',
      );
      return 0;
    }
    const diff = await new ReadModelDiff(pool, replay, schema).run();
    if (values.json) io.out(JSON.stringify(diff));
    else printDiff(diff, io);
    return diff.matches ? 0 : 1;
  } catch (error) {
    io.err(`read-model: ${error instanceof AuditSetupError ? '' : `${readModel.name}: `}${(error as Error).message}`);
    return 2;
  } finally {
    await (esdb ? esdb.close() : store?.close());
    await pool.end();
  }
}

/** Why the service's schema holds no such read model, or undefined when it does (its migrations were applied). */
async function missingReadModel(pool: pg.Pool, schema: string, readModel: ReplayableReadModel) {
  const { rows } = await pool.query<{ migrations: string | null }>('SELECT to_regclass($1) AS migrations', [
    `${quoteSchema(schema)}.schema_migrations`,
  ]);
  const { component } = readModel.definition;
  if (rows[0].migrations !== null) {
    const applied = await pool.query(`SELECT 1 FROM ${quoteSchema(schema)}.schema_migrations WHERE component = $1`, [
      component,
    ]);
    if (applied.rowCount) return undefined;
  }
  return `no ${readModel.name} in schema ${schema} (no ${component} migrations in ${schema}.schema_migrations)`;
}

function printDiff(diff: ReadModelDiffResult, io: ReadModelReplayCliIo): void {
  for (const mismatch of diff.listed)
    io.out(
      [
        mismatch.kind,
        mismatch.table,
        Object.values(mismatch.key).map(String).join('/'),
        mismatch.columns.join(',') || '-',
      ].join('\t'),
    );
  const tables = diff.tables
    .map((table) => `${table.table}: ${table.liveRows} live, ${table.replayedRows} replayed rows`)
    .join('; ');
  io.err(
    `read-model ${diff.readModel}: ${diff.replayedEvents} events replayed up to ${diff.upTo ?? 'the start (no live checkpoint)'}; ` +
      `${tables}; ${diff.mismatches} mismatch(es)` +
      (diff.mismatches > diff.listed.length ? ` (${diff.listed.length} listed)` : ''),
  );
  if (diff.liveMovedTo)
    io.err(
      `read-model: the live projection moved on to ${diff.liveMovedTo} during the diff: rows it changed meanwhile may show as mismatches; run it again`,
    );
}
