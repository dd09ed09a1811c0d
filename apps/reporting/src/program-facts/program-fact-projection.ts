import { Inject, Injectable } from '@nestjs/common';
import { upcastIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { quoteSchema } from '@lead/event-store';
import { SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import type { LoggedEvent } from '../program-log/program-log.js';
import { programFactOf } from './program-fact.js';
import { writeProgramFacts } from './program-fact-writer.js';

/** The live facts table's name, and the one a rebuild fills beside it before switching. */
export const LIVE_FACTS = 'program_facts';
export const NEXT_FACTS = 'program_facts_next';

/**
 * Applies logged events to a facts table. Live writes take the switch lock shared (many consumers' transactions at
 * once); a rebuild's switch takes it exclusive, so it waits for the writes in flight and none lands in the table
 * being dropped.
 */
@Injectable()
export class ProgramFactProjection {
  readonly schema: string;

  constructor(
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(JurisdictionCalendar) private readonly calendar: JurisdictionCalendar,
  ) {
    this.schema = quoteSchema(schema);
  }

  /** The advisory lock guarding which table is live (one per service schema). */
  switchLockKey(): string {
    return `${this.schema}.${LIVE_FACTS}`;
  }

  async applyLive(tx: Pick<pg.ClientBase, 'query'>, events: readonly LoggedEvent[]): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [this.switchLockKey()]);
    await this.applyTo(tx, LIVE_FACTS, events);
  }

  /** Upcasts each event (as logged, in its own version) with today's code and writes its fact. */
  async applyTo(db: Pick<pg.ClientBase, 'query'>, table: string, events: readonly LoggedEvent[]): Promise<void> {
    await writeProgramFacts(
      db,
      `${this.schema}.${table}`,
      events.map(({ logPosition, event }) => ({
        logPosition,
        fact: programFactOf(upcastIntegrationEvent(event) as IntegrationEvent, this.calendar.localDayOf),
      })),
    );
  }
}
