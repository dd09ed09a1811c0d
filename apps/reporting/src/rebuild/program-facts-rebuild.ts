import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, NEXT_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { ProgramLog } from '../program-log/program-log.js';
import { PROGRAM_FACT_INDEXES, programFactIndexesSql, programFactsTableSql } from '../reporting-read-model.js';

export interface RebuildResult {
  events: number;
  /** Events logged while the rebuild ran, applied under the switch lock. */
  caughtUp: number;
  seconds: number;
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

  async run(): Promise<RebuildResult> {
    const started = performance.now();
    const s = this.facts.schema;
    const db = await this.pool.connect();
    try {
      // Two rebuilds at once would fill the same table: the second waits.
      await db.query('SELECT pg_advisory_lock(hashtext($1))', [`${s}.${NEXT_FACTS}`]);
      try {
        await db.query(`DROP TABLE IF EXISTS ${s}.${NEXT_FACTS}`);
        await db.query(programFactsTableSql(`${s}.${NEXT_FACTS}`));
        let last = '0';
        let events = 0;
        for (;;) {
          const page = await this.log.readAfter(db, last, PAGE);
          if (page.length === 0) break;
          await this.facts.applyTo(db, NEXT_FACTS, page);
          events += page.length;
          last = page.at(-1)!.logPosition;
        }
        await db.query(programFactIndexesSql(s, NEXT_FACTS, NEXT_FACTS));
        await db.query(`ANALYZE ${s}.${NEXT_FACTS}`);
        const caughtUp = await this.switchIn(db);
        return { events: events + caughtUp, caughtUp, seconds: (performance.now() - started) / 1000 };
      } finally {
        await db.query('SELECT pg_advisory_unlock(hashtext($1))', [`${s}.${NEXT_FACTS}`]);
      }
    } finally {
      db.release();
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
