import type { ReadModelDefinition } from '@lead/platform';
import { CaseSummary } from './case-summary.entity.js';

/**
 * The case-management service's read models, in its own schema. The tables change only through these migrations;
 * a change the projection must be replayed for also bumps `CASE_PROJECTION_VERSION` (case-projection.worker.ts),
 * and its migration empties the tables (`TRUNCATE`).
 */
export const caseReadModel: ReadModelDefinition = {
  component: 'read-models',
  entities: [CaseSummary],
  migrations: [
    {
      version: 1,
      name: 'case summaries',
      sql: (s) => `
CREATE TABLE ${s}.case_summaries (
  case_id                    uuid        PRIMARY KEY,
  participant_id             uuid        NOT NULL,
  referral_id                uuid        NOT NULL,
  jurisdiction               text        NOT NULL,
  provider_agency            text        NOT NULL,
  case_manager               text,
  opened_at                  timestamptz NOT NULL,
  intake_due_on              date        NOT NULL,
  intake_completed_on        date,
  intake_deadline_met        boolean,
  consented                  boolean     NOT NULL,
  engagement                 text        NOT NULL CHECK (engagement IN ('engaged', 'low', 'inactive')),
  engagement_since           timestamptz NOT NULL,
  last_successful_contact_at timestamptz,
  contacts                   integer     NOT NULL,
  exited_at                  timestamptz,
  exit_reason                text,
  instrument_id              text        NOT NULL,
  instrument_version         text        NOT NULL,
  assessments                jsonb       NOT NULL,
  open_service_connections   jsonb       NOT NULL,
  plan_version               integer     NOT NULL,
  active_goals               integer     NOT NULL,
  revision                   integer     NOT NULL,
  updated_at                 timestamptz NOT NULL
);
-- A caseload (provider, case manager) and the counts (jurisdiction, provider).
CREATE INDEX case_summaries_by_provider ON ${s}.case_summaries (jurisdiction, provider_agency, case_manager);
`,
    },
  ],
};
