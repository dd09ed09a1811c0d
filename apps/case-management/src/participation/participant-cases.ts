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
  {
    version: 2,
    name: 'participant merges',
    sql: (s) => `
CREATE TABLE ${s}.participant_merges (
  merged_id   uuid        PRIMARY KEY,
  survivor_id uuid        NOT NULL,
  merged_at   timestamptz NOT NULL
);
CREATE INDEX participant_merges_by_survivor ON ${s}.participant_merges (survivor_id);`,
  },
];

/**
 * Which cases a participant has, for reads that start from the participant (the participation status). Written
 * only by the opening of a case, in the consumer's transaction with the message's inbox row: a crash before that
 * commit redelivers the acceptance, whose opening appends nothing new and writes the row. The referrals service's
 * participant merges are kept beside it (`lead.participant.merged`), so a participant's cases are found under the
 * surviving id whichever arrived first, the case or the merge. Ids only.
 */
@Injectable()
export class ParticipantCases implements OnModuleInit {
  private readonly table: string;
  private readonly merges: string;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.participant_cases`;
    this.merges = `${quoteSchema(schema)}.participant_merges`;
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

  /** The referrals service merged `mergedId` into `survivorId` (one person recorded twice). */
  async noteMerge(tx: pg.PoolClient, mergedId: string, survivorId: string, mergedAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.merges} (merged_id, survivor_id, merged_at) VALUES ($1, $2, $3) ON CONFLICT (merged_id) DO NOTHING`,
      [mergedId, survivorId, mergedAt],
    );
  }

  /**
   * The participant's cases in these jurisdictions, the latest opened first: under the id itself and under every id
   * merged into it (merges chain: a survivor may itself have been merged into another later, which finds it there).
   */
  async of(participantId: string, jurisdictions: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ case_id: string }>(
      `WITH RECURSIVE ids(id) AS (
         SELECT $1::uuid
         UNION SELECT m.merged_id FROM ${this.merges} m JOIN ids ON m.survivor_id = ids.id
       )
       SELECT case_id FROM ${this.table}
        WHERE participant_id IN (SELECT id FROM ids) AND jurisdiction = ANY($2)
        ORDER BY opened_at DESC`,
      [participantId, jurisdictions],
    );
    return rows.map((row) => row.case_id);
  }
}
