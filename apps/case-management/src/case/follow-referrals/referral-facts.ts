import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, quoteSchema, type Migration } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'referral facts',
    sql: (s) => `
CREATE TABLE ${s}.referral_facts (
  referral_id       uuid        PRIMARY KEY,
  door              text,
  referred_at       timestamptz,
  protocol_version  text,
  hand_off_agency   text,
  noted_at          timestamptz NOT NULL DEFAULT now()
);`,
  },
];

export interface ReferralFacts {
  door: string | null;
  referredAt: string | null;
  protocolVersion: string | null;
  handOffAgency: string | null;
}

/**
 * What a case needs from a referral before its acceptance arrives: the door, the referral's instant (the intake
 * deadline runs from it) and its protocol version from `lead.referral.recorded`, and the arriving case manager's agency from
 * `lead.referral.handed-off` (the case's provider). Codes and instants only; no person is named here.
 */
@Injectable()
export class ReferralFactsTable implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.referral_facts`;
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.schema, migrations, 'case-management');
  }

  /** In the consumer's transaction, so the fact and the message's inbox row commit together. */
  async noteRecorded(
    tx: pg.PoolClient,
    referralId: string,
    fact: { door: string; referredAt: string; protocolVersion: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (referral_id, door, referred_at, protocol_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (referral_id) DO UPDATE
         SET door = EXCLUDED.door, referred_at = EXCLUDED.referred_at, protocol_version = EXCLUDED.protocol_version`,
      [referralId, fact.door, fact.referredAt, fact.protocolVersion],
    );
  }

  async noteHandOff(tx: pg.PoolClient, referralId: string, agency: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (referral_id, hand_off_agency) VALUES ($1, $2)
       ON CONFLICT (referral_id) DO UPDATE SET hand_off_agency = EXCLUDED.hand_off_agency`,
      [referralId, agency],
    );
  }

  async of(tx: pg.PoolClient, referralId: string): Promise<ReferralFacts | undefined> {
    const { rows } = await tx.query<{
      door: string | null;
      referred_at: Date | null;
      protocol_version: string | null;
      hand_off_agency: string | null;
    }>(`SELECT door, referred_at, protocol_version, hand_off_agency FROM ${this.table} WHERE referral_id = $1`, [
      referralId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      door: row.door,
      referredAt: row.referred_at?.toISOString() ?? null,
      protocolVersion: row.protocol_version,
      handOffAgency: row.hand_off_agency,
    };
  }
}
