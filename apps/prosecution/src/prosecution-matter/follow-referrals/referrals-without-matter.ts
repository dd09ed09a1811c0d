import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, quoteSchema, type Migration } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'referrals without a matter',
    sql: (s) => `
CREATE TABLE ${s}.referrals_without_matter (
  referral_id uuid        PRIMARY KEY,
  door        text        NOT NULL,
  noted_at    timestamptz NOT NULL DEFAULT now()
);`,
  },
];

/**
 * The referrals this service saw recorded through a door other than arrest diversion: they never get a matter, so
 * their screening and closing are passed over. Any other referral whose screening or closing finds no matter has had
 * its `lead.referral.recorded` fail (dead-lettered, say): that message must wait too, not be consumed and lost, or
 * the matter opened by a later replay would never learn them. Only the referral id and door are kept.
 */
@Injectable()
export class ReferralsWithoutMatter implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.referrals_without_matter`;
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.schema, migrations, 'prosecution');
  }

  /** In the consumer's transaction, so the note and the message's inbox row commit together. */
  async remember(tx: pg.PoolClient, referralId: string, door: string): Promise<void> {
    await tx.query(`INSERT INTO ${this.table} (referral_id, door) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      referralId,
      door,
    ]);
  }

  async has(tx: pg.PoolClient, referralId: string): Promise<boolean> {
    const { rows } = await tx.query(`SELECT 1 FROM ${this.table} WHERE referral_id = $1`, [referralId]);
    return rows.length > 0;
  }
}
