import { Inject, Injectable } from '@nestjs/common';
import type { IntegrationEvent } from '@lead/contracts';
import { quoteSchema } from '@lead/event-store';
import { SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';

/** A logged event as a rebuild reads it back: its place in the log and the event as it was received. */
export interface LoggedEvent {
  logPosition: string;
  event: IntegrationEvent;
}

/**
 * The program log: every integration event this service consumed, as received (its own schema version, so a rebuild
 * upcasts it with the code of the day), in the order received. Appended in the consumer's transaction.
 */
@Injectable()
export class ProgramLog {
  readonly table: string;

  constructor(@Inject(SERVICE_SCHEMA) schema: string) {
    this.table = `${quoteSchema(schema)}.program_log`;
  }

  /** Appends the event (once: a second append of the same id returns the first's position). */
  async append(tx: Pick<pg.ClientBase, 'query'>, topic: string, event: IntegrationEvent): Promise<string> {
    const inserted = await tx.query<{ log_position: string }>(
      `INSERT INTO ${this.table}
         (event_id, topic, type, schema_version, source, recorded_at, jurisdiction, participant_id, correlation_id,
          causation_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING log_position`,
      [
        event.id,
        topic,
        event.type,
        event.schemaVersion,
        event.source,
        event.time,
        event.jurisdiction,
        event.participantId,
        event.correlationId,
        event.causationId,
        event.data,
      ],
    );
    if (inserted.rows[0]) return inserted.rows[0].log_position;
    const existing = await tx.query<{ log_position: string }>(
      `SELECT log_position FROM ${this.table} WHERE event_id = $1`,
      [event.id],
    );
    return existing.rows[0].log_position;
  }

  /** Up to `limit` events after a position, in log order (a rebuild's page). */
  async readAfter(db: Pick<pg.ClientBase, 'query'>, after: string, limit: number): Promise<LoggedEvent[]> {
    return this.read(db, `WHERE log_position > $1 ORDER BY log_position LIMIT $2`, [after, limit]);
  }

  /** Up to `limit` logged events that have no row in a facts table (what a rebuild's pages could not see yet). */
  async readMissingFrom(db: Pick<pg.ClientBase, 'query'>, factsTable: string, limit: number): Promise<LoggedEvent[]> {
    return this.read(
      db,
      `WHERE NOT EXISTS (SELECT 1 FROM ${factsTable} f WHERE f.event_id = l.event_id) ORDER BY log_position LIMIT $1`,
      [limit],
    );
  }

  private async read(db: Pick<pg.ClientBase, 'query'>, where: string, params: unknown[]): Promise<LoggedEvent[]> {
    const { rows } = await db.query<{
      log_position: string;
      event_id: string;
      type: string;
      schema_version: number;
      source: string;
      recorded_at: Date;
      jurisdiction: string;
      participant_id: string;
      correlation_id: string;
      causation_id: string | null;
      data: Record<string, unknown>;
    }>(
      `SELECT log_position, event_id, type, schema_version, source, recorded_at, jurisdiction, participant_id,
              correlation_id, causation_id, data
         FROM ${this.table} l ${where}`,
      params,
    );
    return rows.map((row) => ({
      logPosition: row.log_position,
      event: {
        id: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        source: row.source,
        time: row.recorded_at.toISOString(),
        jurisdiction: row.jurisdiction,
        participantId: row.participant_id,
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        data: row.data,
      },
    }));
  }
}
