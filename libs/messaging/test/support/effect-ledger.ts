import type pg from 'pg';
import type { ConsumerDefinition } from '../../src/index.js';

export interface EffectRow {
  id: number;
  participant_id: string;
  sequence: number;
  event_id: string;
}

/**
 * The observable effect of a test consumer: one row per handled message, written through the handler's
 * transaction (so it commits with the inbox row or not at all). `id` records the order effects happened in.
 */
export class EffectLedger {
  /** While set, the handler refuses poison check-ins (throws); clearing it is "deploying the fix". */
  rejectPoison = true;
  /** Handler invocations per message id, failed ones included. */
  readonly attempts = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  async create(): Promise<this> {
    await this.pool.query(
      `CREATE TABLE "${this.schema}".effects (id bigserial PRIMARY KEY, consumer_group text NOT NULL, participant_id text NOT NULL, sequence integer NOT NULL, event_id text NOT NULL)`,
    );
    return this;
  }

  definition(group: string, topics: string[]): ConsumerDefinition {
    return {
      group,
      topics,
      handle: async (event, { tx }) => {
        this.attempts.set(event.id, (this.attempts.get(event.id) ?? 0) + 1);
        const data = event.data as { sequence: number; poison: boolean };
        if (data.poison && this.rejectPoison)
          throw new Error(`check-in ${event.id} is poison: this handler cannot take it`);
        await tx.query(
          `INSERT INTO "${this.schema}".effects (consumer_group, participant_id, sequence, event_id) VALUES ($1, $2, $3, $4)`,
          [group, event.participantId, data.sequence, event.id],
        );
      },
    };
  }

  async rows(group: string): Promise<EffectRow[]> {
    const { rows } = await this.pool.query<EffectRow>(
      `SELECT id::int, participant_id, sequence, event_id FROM "${this.schema}".effects WHERE consumer_group = $1 ORDER BY id`,
      [group],
    );
    return rows;
  }

  async count(group: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${this.schema}".effects WHERE consumer_group = $1`,
      [group],
    );
    return rows[0].n;
  }
}
