import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, quoteSchema, type Migration } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'case matters',
    sql: (s) => `
CREATE TABLE ${s}.case_matters (
  case_id   uuid        PRIMARY KEY,
  matter_id uuid,
  noted_at  timestamptz NOT NULL DEFAULT now()
);`,
  },
];

/**
 * Which matter a case-management case belongs to: case messages name the case, not the referral. A case of a
 * referral without a matter (a social contact) is kept with no matter, so its messages are passed over; a case
 * not kept at all has had its `lead.case.opened` fail, so its later messages wait for that replay.
 */
@Injectable()
export class CaseMatters implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.case_matters`;
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.schema, migrations, 'prosecution-case-matters');
  }

  /** In the consumer's transaction, so the link and the message's inbox row commit together. */
  async note(tx: pg.PoolClient, caseId: string, matterId: string | null): Promise<void> {
    await tx.query(`INSERT INTO ${this.table} (case_id, matter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      caseId,
      matterId,
    ]);
  }

  /** The case's matter; `null` for a case without one; `undefined` for a case never noted. */
  async matterOf(tx: pg.PoolClient, caseId: string): Promise<string | null | undefined> {
    const { rows } = await tx.query<{ matter_id: string | null }>(
      `SELECT matter_id FROM ${this.table} WHERE case_id = $1`,
      [caseId],
    );
    return rows.length === 0 ? undefined : rows[0]!.matter_id;
  }
}
