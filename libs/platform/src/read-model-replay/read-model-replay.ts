import {
  comparePositions,
  formatPosition,
  quoteSchema,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@lead/event-store';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { ConnectionBounds } from '../database/connection-bounds.js';
import { openReadModelDataSource } from '../database/read-model-data-source.js';
import type { LiveCheckpoint } from './live-checkpoint.js';
import type { ReplayableReadModel } from './replayable-read-model.js';

export interface ReadModelReplayOptions {
  readModel: ReplayableReadModel;
  /** The log, through the port, read from the start. */
  store: EventStore;
  /** The service's database: the replay schema is created and migrated beside its live one. */
  pool: pg.Pool;
  databaseUrl: string;
  /** The service's own schema, where the live tables and their projection's checkpoint id live. */
  liveSchema: string;
  liveCheckpoint: LiveCheckpoint;
  connectionBounds?: ConnectionBounds;
  /** Events read and applied at a time (one transaction each, as the live projection pages). Default 500. */
  pageSize?: number;
}

export interface ReplayOutcome {
  /** The schema the read model was rebuilt in. */
  schema: string;
  /** The read model's tables (its entities'), in both schemas. */
  tables: string[];
  /** Events of the read model's streams fed to the projector. */
  events: number;
  /** The live projection's checkpoint the replay stopped at; undefined: it has none, and nothing was replayed. */
  upTo: Position | undefined;
  seconds: number;
}

/**
 * Rebuilds a read model into a fresh schema beside the live one: its own migrations there, a data source on it, and
 * the service's projector fed every event of its streams from the start of `$all` up to where the live projection
 * stands (its stored checkpoint), so a projection that is merely behind is not reported as wrong. The live tables are
 * never written: every statement of the replay names its own schema.
 */
export class ReadModelReplay {
  constructor(private readonly options: ReadModelReplayOptions) {}

  get readModel(): ReplayableReadModel {
    return this.options.readModel;
  }

  /** Where the live projection stands now. */
  liveCheckpoint(): Promise<Position | undefined> {
    const { readModel, liveSchema } = this.options;
    return this.options.liveCheckpoint(readModel.checkpointId(liveSchema));
  }

  /** Replays into `schema`, which must not exist yet (a replay never lands in tables it did not create). */
  async replayInto(schema: string): Promise<ReplayOutcome> {
    const { pool, readModel } = this.options;
    const started = Date.now();
    const upTo = await this.liveCheckpoint();
    await pool.query(`CREATE SCHEMA ${quoteSchema(schema)}`);
    let dataSource: DataSource | undefined;
    try {
      dataSource = await openReadModelDataSource({
        databaseUrl: this.options.databaseUrl,
        pool,
        schema,
        applicationName: `lead-audit replay ${readModel.name}`,
        definition: { ...readModel.definition, poolSize: 2 },
        ...(this.options.connectionBounds ? { connectionBounds: this.options.connectionBounds } : {}),
      });
      const { entities } = readModel.definition;
      // In the definition's order, so the answer reads as the service lists its tables.
      const tables = (Array.isArray(entities) ? entities : Object.values(entities)).map(
        (entity) => dataSource!.getMetadata(entity).tableName,
      );
      const events = upTo === undefined ? 0 : await this.feed(readModel.projector(dataSource), upTo);
      // Written last: a replay killed before it (SIGKILL, a lost connection) has no comment, so it never reads as done.
      const done = `lead-audit replay of ${readModel.name}: complete, ${events} events up to ${upTo ? formatPosition(upTo) : 'nothing'}, at ${new Date().toISOString()}`;
      // COMMENT takes no parameters: the text goes in as a literal, escaped by the driver.
      await pool.query(`COMMENT ON SCHEMA ${quoteSchema(schema)} IS ${pg.escapeLiteral(done)}`);
      return { schema, tables, events, upTo, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      // A half-built replay would read as a finished one.
      await dataSource?.destroy();
      dataSource = undefined;
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      throw error;
    } finally {
      await dataSource?.destroy();
    }
  }

  /** Every event of the read model's streams up to `upTo`, a page at a time; how many. */
  private async feed(projector: { applyPage(events: RecordedEvent[]): Promise<void> }, upTo: Position) {
    const { store, readModel } = this.options;
    const maxCount = this.options.pageSize ?? 500;
    let after: Position | 'start' = 'start';
    let events = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount, filter: { streamPrefixes: [...readModel.streamPrefixes] } });
      const covered = page.filter((event) => comparePositions(event.position, upTo) <= 0);
      if (covered.length > 0) await projector.applyPage(covered);
      events += covered.length;
      // Past the checkpoint, or at the end of what the log shows: every event the live projection had seen is in.
      if (covered.length < page.length || page.length === 0) return events;
      after = page[page.length - 1].position;
    }
  }
}
