import { ensurePostgres, stopPostgres } from '../../../../infra/postgres.mjs';
import { testDatabaseUrl } from '@lead/testing';

export interface OwnCluster {
  url: string;
  /** False when no PostgreSQL binaries were found and the shared test database is used instead. */
  own: boolean;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster for one test file (initdb + pg_ctl via infra/postgres.mjs; about a second), for
 * tests that hold a transaction id open on purpose: the event store's xid fence is cluster-wide, so on the shared
 * cluster that would stall every other test file's `$all` readers, the messaging tests' cluster included. Without
 * PostgreSQL binaries it falls back to the shared test database: keep the held window short.
 */
export async function ownCluster(): Promise<OwnCluster> {
  const previous = process.env.LEAD_PG_THROWAWAY;
  process.env.LEAD_PG_THROWAWAY = '1';
  try {
    const url = await ensurePostgres({ quiet: true });
    return { url, own: true, stop: () => stopPostgres() };
  } catch (error) {
    process.stderr.write(
      `[own-cluster] no cluster of this file's own, using the shared one: ${(error as Error).message}\n`,
    );
    return { url: testDatabaseUrl(), own: false, stop: async () => undefined };
  } finally {
    if (previous === undefined) delete process.env.LEAD_PG_THROWAWAY;
    else process.env.LEAD_PG_THROWAWAY = previous;
  }
}
