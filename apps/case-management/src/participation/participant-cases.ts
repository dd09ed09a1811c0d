import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, quoteSchema, type Migration } from '@lead/event-store';
import { DATABASE_POOL, SERVICE_SCHEMA } from '@lead/platform';
import type pg from 'pg';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'participant cases',
    sql: (s) => `
CREATE TABLE ${s}.participant_cases (
  case_id        uuid        PRIMARY KEY,
  participant_id uuid        NOT NULL,
  jurisdiction   text        NOT NULL,
  opened_at      timestamptz NOT NULL
);
CREATE INDEX participant_cases_by_participant ON ${s}.participant_cases (participant_id, opened_at DESC);`,
  },
];

/**
 * Which cases a participant has, for reads that start from the participant (the participation status). Written
 * only by the opening of a case, in the consumer's transaction with the message's inbox row: a crash before that
 * commit redelivers the acceptance, whose opening appends nothing new and writes the row. Ids only.
 */
@Injectable()
export class ParticipantCases implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.participant_cases`;
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, this.schema, migrations, 'case-management-participants');
  }

  async note(
    tx: pg.PoolClient,
    opened: { caseId: string; participantId: string; jurisdiction: string; openedAt: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (case_id, participant_id, jurisdiction, opened_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO NOTHING`,
      [opened.caseId, opened.participantId, opened.jurisdiction, opened.openedAt],
    );
  }

  /** The participant's cases in these jurisdictions, the latest opened first. */
  async of(participantId: string, jurisdictions: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ case_id: string }>(
      `SELECT case_id FROM ${this.table} WHERE participant_id = $1 AND jurisdiction = ANY($2) ORDER BY opened_at DESC`,
      [participantId, jurisdictions],
    );
    return rows.map((row) => row.case_id);
  }
}
