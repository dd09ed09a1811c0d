import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_POOL } from '@lead/platform';
import type pg from 'pg';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { ProgramFactsRebuild } from '../rebuild/program-facts-rebuild.js';

const REPLAY = 'program_facts_replay';
/** Findings listed in full; the rest are counted. */
const LISTED = 100;

/** One row where the live facts and a replay of the log disagree. */
export interface FactMismatch {
  eventId: string;
  jurisdiction: string;
  /** `missing_from_live`: the log has the event, the live table not; `not_in_log`: the reverse; `differs`: both. */
  kind: 'missing_from_live' | 'not_in_log' | 'differs';
  /** The columns that differ (`differs` only). */
  columns: string[];
}

export interface ReadModelDiff {
  readModel: 'program_facts';
  /** Events of the whole log replayed (every jurisdiction's: the replay is the log's). */
  replayedEvents: number;
  /** Live rows of the caller's jurisdictions. */
  liveRows: number;
  matches: boolean;
  mismatches: number;
  listed: FactMismatch[];
}

/**
 * The auditor's diff: the facts rebuilt from the program log into a scratch table beside the live one, compared with
 * the live table row by row, column by column. They must match; a mismatch is a defect report (a lost or doubled
 * event, a projection that changed without a version, a row edited in place). Live writes wait for the switch lock
 * while it runs, so no event lands in one table and not the other; reports keep answering.
 */
@Injectable()
export class ProgramFactsDiff {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(ProgramFactsRebuild) private readonly rebuild: ProgramFactsRebuild,
    @Inject(ProgramFactProjection) private readonly facts: ProgramFactProjection,
  ) {}

  /** `jurisdictions`: whose rows the answer counts and lists (an auditor's); the replay covers the whole log. */
  async run(jurisdictions: readonly string[]): Promise<ReadModelDiff> {
    const s = this.facts.schema;
    const key = this.facts.switchLockKey();
    // Held for the whole comparison on a connection of its own (session level: the replay's own statements commit as
    // they go, on other connections); live writes take the same lock shared, per transaction, and wait.
    const lock = await this.pool.connect();
    const db = await this.pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      try {
        const replayedEvents = await this.rebuild.replayInto(db, REPLAY);
        const { rows } = await db.query<{
          event_id: string;
          jurisdiction: string;
          kind: FactMismatch['kind'];
          columns: string[] | null;
        }>(
          `SELECT coalesce(l.event_id, r.event_id) AS event_id, coalesce(l.jurisdiction, r.jurisdiction) AS jurisdiction,
                  CASE WHEN l.event_id IS NULL THEN 'missing_from_live'
                       WHEN r.event_id IS NULL THEN 'not_in_log' ELSE 'differs' END AS kind,
                  (SELECT array_agg(e.key ORDER BY e.key) FROM jsonb_each(to_jsonb(l)) e
                    WHERE e.value IS DISTINCT FROM to_jsonb(r)->e.key) AS columns
             FROM ${s}.${LIVE_FACTS} l
             FULL JOIN ${s}.${REPLAY} r ON r.event_id = l.event_id
            WHERE (l.event_id IS NULL OR r.event_id IS NULL OR to_jsonb(l) IS DISTINCT FROM to_jsonb(r))
              AND coalesce(l.jurisdiction, r.jurisdiction) = ANY($1)
            ORDER BY 1`,
          [jurisdictions],
        );
        const live = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${s}.${LIVE_FACTS} WHERE jurisdiction = ANY($1)`,
          [jurisdictions],
        );
        return {
          readModel: 'program_facts',
          replayedEvents,
          liveRows: live.rows[0].n,
          matches: rows.length === 0,
          mismatches: rows.length,
          listed: rows.slice(0, LISTED).map((row) => ({
            eventId: row.event_id,
            jurisdiction: row.jurisdiction,
            kind: row.kind,
            columns: row.kind === 'differs' ? (row.columns ?? []) : [],
          })),
        };
      } finally {
        await db.query(`DROP TABLE IF EXISTS ${s}.${REPLAY}`).catch(() => undefined);
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      db.release();
      lock.release();
    }
  }
}
