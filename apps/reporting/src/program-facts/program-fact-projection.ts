import { Inject, Injectable } from '@nestjs/common';
import { upcastIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { isErased, isSealedValue, PersonalDataCipher } from '@lead/crypto';
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
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
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

  /** Upcasts each event (as logged, in its own version) with today's code, opens what it carries sealed, writes its fact. */
  async applyTo(
    db: Pick<pg.ClientBase, 'query'>,
    table: string,
    events: readonly LoggedEvent[],
    options: { bulk?: boolean } = {},
  ): Promise<void> {
    const facts = await Promise.all(
      events.map(async ({ logPosition, event }) => {
        const latest = await this.opened(upcastIntegrationEvent(event) as IntegrationEvent);
        return { logPosition, fact: programFactOf(latest, this.calendar.localDayOf) };
      }),
    );
    await writeProgramFacts(db, `${this.schema}.${table}`, facts, options);
  }

  /**
   * Race and ethnicity travel sealed with the participant's key (lead.case.demographics-recorded): opened here, from
   * the key store the services share, so the fact holds the codes the equity report counts. Once the participant is
   * erased it opens to nothing, and a rebuild leaves the fact without them.
   */
  private async opened(event: IntegrationEvent): Promise<IntegrationEvent> {
    if (event.type !== DEMOGRAPHICS_RECORDED || !isSealedValue(event.data.demographics)) return event;
    const demographics = await this.cipher.open(event.participantId, event.data.demographics);
    return {
      ...event,
      data: { ...event.data, demographics: isErased(demographics) ? { erased: true } : demographics },
    };
  }
}

const DEMOGRAPHICS_RECORDED = 'lead.case.demographics-recorded';
