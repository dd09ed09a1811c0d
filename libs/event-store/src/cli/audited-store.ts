import pg from 'pg';
import { postgresStreamIndex, type StreamIndex } from '../audit/stream-index.js';
import { EsdbEventStore } from '../esdb/esdb-event-store.js';
import type { EventStore } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { esdbConnectionStringProblems, withoutEsdbCredentials } from './esdb-connection-string.js';

/** Which store an audit command reads: the PostgreSQL adapter's schema, or an EventStoreDB server. */
export type StoreConnection =
  { kind: 'postgres'; databaseUrl: string; schema: string } | { kind: 'esdb'; connectionString: string };

/** Not a finding: the audit could not run (no database, no such schema, unreadable keys). Exit 2. */
export class AuditSetupError extends Error {
  override readonly name = 'AuditSetupError';
}

/** An opened store with what the adapter offers beyond the port: PostgreSQL's stream index and pool. */
export interface AuditedStore {
  store: EventStore;
  /** PostgreSQL only: `streams`, compared with the chains' heads (EventStoreDB keeps no index of its own to check). */
  streamIndex?: StreamIndex;
  /** PostgreSQL only: the pool the store reads through. */
  pool?: pg.Pool;
  /** Where, for messages: `schema event_store` or `EventStoreDB esdb://…` (credentials left out). */
  description: string;
  close(): Promise<void>;
}

/**
 * Opens the store an audit reads, through the `EventStore` port, and proves it is there before minutes of work: a
 * PostgreSQL schema must hold an event store (`PostgresEventStore.create` would otherwise make an empty one in a
 * mistyped schema, which then audits clean); an EventStoreDB server must answer a read.
 */
export async function openAuditedStore(connection: StoreConnection): Promise<AuditedStore> {
  if (connection.kind === 'esdb') return openEsdb(connection.connectionString);
  const pool = new pg.Pool({ connectionString: connection.databaseUrl, max: 2, connectionTimeoutMillis: 10_000 });
  // A pool error on an idle client (the server went away) must not crash the process with an unhandled event.
  pool.on('error', () => undefined);
  try {
    const store = await openExistingStore(pool, connection.schema);
    return {
      store,
      pool,
      streamIndex: postgresStreamIndex(pool, connection.schema),
      description: `schema ${connection.schema}`,
      async close() {
        await store.close().catch(() => undefined);
        await pool.end().catch(() => undefined);
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function openEsdb(connectionString: string): Promise<AuditedStore> {
  // The client's own messages quote the connection string: every one is scrubbed of its credentials.
  const scrub = (text: string) => withoutEsdbCredentials(text, connectionString);
  const where = `EventStoreDB ${scrub(connectionString)}`;
  // Whoever opens it (lead-audit's arguments, a service's read-model command): what the client would only warn about,
  // quoting the whole string to stderr, is refused before the client sees it.
  const problems = esdbConnectionStringProblems(connectionString);
  if (problems.length > 0) throw new AuditSetupError(problems.join('; '));
  let store: EsdbEventStore;
  try {
    store = EsdbEventStore.fromConnectionString(connectionString);
  } catch (error) {
    throw new AuditSetupError(`cannot use ${where}: ${scrub((error as Error).message)}`);
  }
  try {
    await store.readAll({ maxCount: 1 });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new AuditSetupError(`cannot read $all of ${where}: ${scrub((error as Error).message)}`);
  }
  return { store, description: where, close: () => store.close().catch(() => undefined) };
}

/**
 * Opens the store like the services do (`PostgresEventStore.create` on the schema), but only an existing one: the
 * create step would otherwise make an empty store in a mistyped schema, which then audits clean.
 */
export async function openExistingStore(pool: pg.Pool, schema: string): Promise<PostgresEventStore> {
  let exists;
  try {
    const { rows } = await pool.query<{ events: string | null }>(`SELECT to_regclass($1) AS events`, [
      `"${schema}".events`,
    ]);
    exists = rows[0].events !== null;
  } catch (error) {
    throw new AuditSetupError(`cannot query the database: ${(error as Error).message}`);
  }
  if (!exists) throw new AuditSetupError(`no event store in schema ${schema} (no table ${schema}.events)`);
  return PostgresEventStore.create({ pool, schema });
}
