import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, quoteSchema, type Migration, type RecordedEvent } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA, type Projector } from '@lead/platform';
import type pg from 'pg';
import { addCalendarDays } from '../intake-deadline/local-calendar.js';
import { SEALING_CONFIRMATION_DAYS } from '../get-matter/matter-record.js';
import type { ProsecutionMatterEvent } from '../prosecution-matter.events.js';
import { PROSECUTION_STREAM_PREFIX } from '../prosecution-matter.repository.js';

/**
 * The tables change only through these migrations; a change the projection must be replayed for bumps
 * `SEALING_CUSTODIANS_PROJECTION_VERSION` (its checkpoint id) with a migration that empties both tables.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'sealing custodians',
    sql: (s) => `
CREATE TABLE ${s}.sealing_matters (
  matter_id    uuid PRIMARY KEY,
  jurisdiction text NOT NULL,
  -- The matter's time zone (MatterTermsSet); null in matters opened before the terms were kept (UTC days).
  time_zone    text
);
CREATE TABLE ${s}.sealing_custodians (
  matter_id   uuid NOT NULL,
  custodian   text NOT NULL,
  eligible_on date NOT NULL,
  -- The last day a confirmation is in time: eligible_on plus SEALING_CONFIRMATION_DAYS.
  due_on      date NOT NULL,
  sealed_on   date,
  PRIMARY KEY (matter_id, custodian)
);
CREATE INDEX sealing_custodians_pending ON ${s}.sealing_custodians (due_on, matter_id, custodian)
  WHERE sealed_on IS NULL;
`,
  },
];

/** Part of the checkpoint id: bump it (with a migration that empties the tables) to rebuild from the log. */
export const SEALING_CUSTODIANS_PROJECTION_VERSION = 1;

/**
 * Folds the matters' sealing into `sealing_matters` (jurisdiction and time zone of each matter) and
 * `sealing_custodians` (one row per custodian of a sealable arrest: its due day and its confirmation). Codes and
 * days only. Idempotent: every write is an upsert of what the event says, so a replayed page changes nothing. The
 * overdue ones are read at request time against the clock (`OverdueCustodians`).
 */
@Injectable()
export class SealingCustodiansProjector implements Projector, OnModuleInit {
  private readonly matters: string;
  private readonly custodians: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.matters = `${quoteSchema(schema)}.sealing_matters`;
    this.custodians = `${quoteSchema(schema)}.sealing_custodians`;
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.schema, migrations, 'prosecution-sealing-custodians');
  }

  async apply(event: RecordedEvent): Promise<void> {
    await this.applyPage([event]);
  }

  async applyPage(events: RecordedEvent[]): Promise<void> {
    const relevant = events.filter(
      (event) => event.streamId.startsWith(PROSECUTION_STREAM_PREFIX) && RELEVANT.has(event.type),
    );
    if (relevant.length === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const recorded of relevant) await this.fold(client, recorded);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async fold(client: pg.PoolClient, recorded: RecordedEvent): Promise<void> {
    const matterId = recorded.streamId.slice(PROSECUTION_STREAM_PREFIX.length);
    const event = { ...(recorded.data as ProsecutionMatterEvent), type: recorded.type } as ProsecutionMatterEvent;
    switch (event.type) {
      case 'MatterOpened':
        await client.query(
          `INSERT INTO ${this.matters} (matter_id, jurisdiction) VALUES ($1, $2)
           ON CONFLICT (matter_id) DO UPDATE SET jurisdiction = EXCLUDED.jurisdiction`,
          [matterId, event.jurisdiction],
        );
        return;
      case 'MatterTermsSet':
        await client.query(`UPDATE ${this.matters} SET time_zone = $2 WHERE matter_id = $1`, [
          matterId,
          event.timeZone,
        ]);
        return;
      case 'SealingEligible': {
        const dueOn = addCalendarDays(event.eligibleOn, SEALING_CONFIRMATION_DAYS);
        for (const custodian of event.custodians) {
          await client.query(
            `INSERT INTO ${this.custodians} (matter_id, custodian, eligible_on, due_on) VALUES ($1, $2, $3, $4)
             ON CONFLICT (matter_id, custodian) DO UPDATE SET eligible_on = EXCLUDED.eligible_on, due_on = EXCLUDED.due_on`,
            [matterId, custodian, event.eligibleOn, dueOn],
          );
        }
        return;
      }
      case 'CustodianSealed':
        await client.query(`UPDATE ${this.custodians} SET sealed_on = $3 WHERE matter_id = $1 AND custodian = $2`, [
          matterId,
          event.custodian,
          event.sealedOn,
        ]);
        return;
      default:
        return;
    }
  }
}

const RELEVANT = new Set<string>(['MatterOpened', 'MatterTermsSet', 'SealingEligible', 'CustodianSealed']);
