import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { PROGRAM_FACTS_VERSION } from '../program-facts/program-fact.js';
import { LIVE_FACTS, NEXT_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { ProgramLog } from '../program-log/program-log.js';
import { PROGRAM_FACT_INDEXES, programFactIndexesSql, programFactsTableSql } from '../reporting-read-model.js';

export interface RebuildResult {
  /** The live facts were of the version asked already: nothing was rebuilt. */
  skipped: boolean;
  events: number;
  /** Events logged while the rebuild ran, applied under the switch lock. */
  caughtUp: number;
  seconds: number;
  /** Where the time went: the bulk load, the key and indexes, the switch (catch-up under the lock). */
  phases: { loadS: number; indexS: number; switchS: number };
}

const PAGE = 5000;

/**
 * Rebuilds the facts from the program log beside the live table, then switches: the reports keep answering from the
 * live table all along, and it is never emptied first. The bulk load runs without the lock and without indexes
 * (built once at the end); the switch then takes the lock exclusive, applies what was logged meanwhile, drops the
 * old table and renames the new one, in one transaction. A rebuild killed at any point leaves the live table as it
 * was; the next one starts over.
 */
@Injectable()
export class ProgramFactsRebuild {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramLog) private readonly log: ProgramLog,
    @Inject(ProgramFactProjection) private readonly facts: ProgramFactProjection,
  ) {}

  /**
   * Builds the facts from the log into `table` (a scratch table beside the live one, created here, keyed, not
   * indexed otherwise) without switching anything: what an auditor's diff compares the live table with. The caller
   * holds whatever lock it needs for the comparison to be fair.
   */
  async replayInto(db: pg.PoolClient, table: string): Promise<number> {
    const s = this.facts.schema;
    await db.query(`DROP TABLE IF EXISTS ${s}.${table}`);
    await db.query(programFactsTableSql(`${s}.${table}`, { withKey: false }));
    const events = await this.load(db, table);
    await db.query(`ALTER TABLE ${s}.${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (event_id)`);
    return events;
  }

  /** The mapping version the live facts were built by. */
  async liveVersion(): Promise<number | null> {
    const { rows } = await this.pool.query<{ version: number }>(
      `SELECT version FROM ${this.facts.schema}.read_model_versions WHERE model = $1`,
      [LIVE_FACTS],
    );
    return rows[0]?.version ?? null;
  }

  /** `unlessVersion`: skip when, once the rebuild lock is held, the live facts are already of that version. */
  async run(options: { unlessVersion?: number } = {}): Promise<RebuildResult> {
    const started = performance.now();
    const s = this.facts.schema;
    const db = await this.pool.connect();
    try {
      // Two rebuilds at once would fill the same table: the second waits.
      await db.query('SELECT pg_advisory_lock(hashtext($1))', [`${s}.${NEXT_FACTS}`]);
      try {
        if (options.unlessVersion !== undefined && (await this.liveVersion()) === options.unlessVersion)
          return {
            skipped: true,
            events: 0,
            caughtUp: 0,
            seconds: (performance.now() - started) / 1000,
            phases: { loadS: 0, indexS: 0, switchS: 0 },
          };
        await db.query(`DROP TABLE IF EXISTS ${s}.${NEXT_FACTS}`);
        await db.query(programFactsTableSql(`${s}.${NEXT_FACTS}`, { withKey: false }));
        const seconds = (from: number) => (performance.now() - from) / 1000;
        const events = await this.load(db, NEXT_FACTS);
        const loaded = performance.now();
        await this.index(db);
        const indexed = performance.now();
        const caughtUp = await this.switchIn(db);
        return {
          skipped: false,
          events: events + caughtUp,
          caughtUp,
          seconds: seconds(started),
          phases: { loadS: (loaded - started) / 1000, indexS: (indexed - loaded) / 1000, switchS: seconds(indexed) },
        };
      } finally {
        await db.query('SELECT pg_advisory_unlock(hashtext($1))', [`${s}.${NEXT_FACTS}`]);
      }
    } finally {
      db.release();
    }
  }

  /**
   * The key and the indexes of the loaded table, two at a time (each index build is one CPU's sort), then its
   * statistics.
   */
  private async index(db: pg.PoolClient): Promise<void> {
    const s = this.facts.schema;
    const statements = [
      `ALTER TABLE ${s}.${NEXT_FACTS} ADD CONSTRAINT ${NEXT_FACTS}_pkey PRIMARY KEY (event_id)`,
      ...programFactIndexesSql(s, NEXT_FACTS, NEXT_FACTS).split(';\n'),
    ];
    const second = await this.pool.connect();
    try {
      const run = async (client: pg.PoolClient) => {
        for (let next = statements.shift(); next !== undefined; next = statements.shift()) await client.query(next);
      };
      await Promise.all([run(db), run(second)]);
    } finally {
      second.release();
    }
    await db.query(`ANALYZE ${s}.${NEXT_FACTS}`);
  }

  /**
   * The bulk load, pipelined: the next page is read on this connection while the facts of the page before it are
   * written on a second one, so reading the log, computing the facts and writing them overlap instead of taking
   * turns. Pages are written one at a time, in log order.
   */
  private async load(reader: pg.PoolClient, table: string): Promise<number> {
    const writer = await this.pool.connect();
    let writing: Promise<void> = Promise.resolve();
    let reading = this.log.readAfter(reader, '0', PAGE);
    // A failure is awaited where it is used; until then it is not an unhandled rejection.
    const quiet = <T>(promise: Promise<T>) => (promise.catch(() => undefined), promise);
    quiet(reading);
    let events = 0;
    try {
      for (;;) {
        const page = await reading;
        if (page.length === 0) break;
        reading = quiet(this.log.readAfter(reader, page.at(-1)!.logPosition, PAGE));
        await writing;
        writing = quiet(this.facts.applyTo(writer, table, page, { bulk: true }));
        events += page.length;
      }
      await writing;
      return events;
    } finally {
      // Whichever failed, neither is left running on its connection.
      await Promise.allSettled([reading, writing]);
      writer.release();
    }
  }

  private async switchIn(db: pg.PoolClient): Promise<number> {
    const s = this.facts.schema;
    await db.query('BEGIN');
    try {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.facts.switchLockKey()]);
      // No live write is in flight now. The log's positions are taken before their transactions commit, so a page read
      // past a position whose transaction had not committed yet: what is missing is found by id, not by position.
      let caughtUp = 0;
      for (;;) {
        const page = await this.log.readMissingFrom(db, `${s}.${NEXT_FACTS}`, PAGE);
        if (page.length === 0) break;
        await this.facts.applyTo(db, NEXT_FACTS, page);
        caughtUp += page.length;
      }
      await db.query(
        `INSERT INTO ${s}.read_model_versions (model, version) VALUES ($1, $2)
         ON CONFLICT (model) DO UPDATE SET version = EXCLUDED.version, built_at = now()`,
        [LIVE_FACTS, PROGRAM_FACTS_VERSION],
      );
      await db.query(`DROP TABLE ${s}.${LIVE_FACTS}`);
      await db.query(`ALTER TABLE ${s}.${NEXT_FACTS} RENAME TO ${LIVE_FACTS}`);
      await db.query(`ALTER INDEX ${s}.${NEXT_FACTS}_pkey RENAME TO ${LIVE_FACTS}_pkey`);
      for (const { name } of PROGRAM_FACT_INDEXES)
        await db.query(`ALTER INDEX ${s}.${NEXT_FACTS}_${name} RENAME TO ${LIVE_FACTS}_${name}`);
      await db.query('COMMIT');
      return caughtUp;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
