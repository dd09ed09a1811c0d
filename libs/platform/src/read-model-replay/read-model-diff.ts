import { comparePositions, formatPosition, quoteSchema, type Position } from '@lead/event-store';
import type pg from 'pg';
import type { ReadModelReplay } from './read-model-replay.js';
import { diffSchemaMadeAt, diffSchemaName } from './replay-schema-name.js';
import { compareTable, type RowMismatch } from './table-comparison.js';

/** Mismatches listed in full; the rest are counted. */
const LISTED = 1000;

/** A scratch schema older than this belongs to a diff that was killed before it could drop it. */
const ABANDONED_AFTER_MS = 6 * 3600_000;

export interface ReadModelDiffResult {
  readModel: string;
  replayedEvents: number;
  /** The live checkpoint the replay stopped at (`commit/prepare`); null: the projection has none. */
  upTo: string | null;
  /**
   * Where the live projection had got to when the comparison ended, when it moved on during the diff: rows it
   * changed meanwhile may show as mismatches (run the diff again); null when it stood still.
   */
  liveMovedTo: string | null;
  tables: { table: string; liveRows: number; replayedRows: number; mismatches: number }[];
  matches: boolean;
  mismatches: number;
  listed: RowMismatch[];
}

/**
 * The auditor's diff of a read model: replayed into a scratch schema beside the live one (dropped afterwards), then
 * each table compared with the live one. They must match; a mismatch is a defect report (a lost or doubled event, a
 * projection changed without a new version, a row edited in place).
 */
export class ReadModelDiff {
  constructor(
    private readonly pool: pg.Pool,
    private readonly replay: ReadModelReplay,
    private readonly liveSchema: string,
  ) {}

  async run(now = new Date()): Promise<ReadModelDiffResult> {
    await this.dropAbandonedScratch(now);
    const scratch = diffSchemaName(this.liveSchema, now);
    try {
      const outcome = await this.replay.replayInto(scratch);
      const tables = [];
      const listed: RowMismatch[] = [];
      for (const table of outcome.tables) {
        const comparison = await compareTable(this.pool, table, this.liveSchema, scratch, LISTED - listed.length);
        listed.push(...comparison.listed.slice(0, LISTED - listed.length));
        tables.push({
          table,
          liveRows: comparison.liveRows,
          replayedRows: comparison.replayedRows,
          mismatches: comparison.mismatches,
        });
      }
      const mismatches = tables.reduce((sum, table) => sum + table.mismatches, 0);
      const after = await this.replay.liveCheckpoint();
      return {
        readModel: this.replay.readModel.name,
        replayedEvents: outcome.events,
        upTo: outcome.upTo ? formatPosition(outcome.upTo) : null,
        liveMovedTo: moved(outcome.upTo, after) ? formatPosition(after!) : null,
        tables,
        matches: mismatches === 0,
        mismatches,
        listed,
      };
    } finally {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(scratch)} CASCADE`);
    }
  }

  /** Scratch schemas of diffs killed (SIGKILL, a lost connection) before they dropped theirs, by their names' age. */
  private async dropAbandonedScratch(now: Date): Promise<void> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
      [`${this.liveSchema}_diff_`],
    );
    for (const { name } of rows) {
      const madeAt = diffSchemaMadeAt(this.liveSchema, name);
      if (madeAt && now.getTime() - madeAt.getTime() > ABANDONED_AFTER_MS)
        await this.pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(name)} CASCADE`);
    }
  }
}

function moved(before: Position | undefined, after: Position | undefined): boolean {
  if (after === undefined) return false;
  return before === undefined || comparePositions(before, after) !== 0;
}
