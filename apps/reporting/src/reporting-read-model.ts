import type { ReadModelDefinition } from '@lead/platform';
import { ProgramFact } from './program-facts/program-fact.entity.js';
import { ProgramLogEntry } from './program-log/program-log-entry.entity.js';

/** The indexes of `program_facts`: created after a rebuild's bulk load too (programFactIndexes), so kept in one place. */
export const PROGRAM_FACT_INDEXES: ReadonlyArray<{ name: string; on: string }> = [
  // Every report: one jurisdiction, one kind of event, one period of local days.
  { name: 'by_period', on: '(jurisdiction, type, occurred_on)' },
  // A referral's, a case's, a matter's later events, and one participant's journey.
  { name: 'by_referral', on: '(referral_id, type) WHERE referral_id IS NOT NULL' },
  { name: 'by_case', on: '(case_id, type) WHERE case_id IS NOT NULL' },
  { name: 'by_matter', on: '(matter_id, type) WHERE matter_id IS NOT NULL' },
  { name: 'by_participant', on: '(participant_id, log_position)' },
];

/**
 * The DDL of the facts table under a name (the live one, or the one a rebuild fills beside it). A rebuild's table is
 * bulk-loaded first and given its key after (`withKey: false`): the log's event ids are unique already.
 */
export function programFactsTableSql(table: string, { withKey = true } = {}): string {
  return `
CREATE TABLE ${table} (
  event_id       uuid             ${withKey ? 'PRIMARY KEY' : 'NOT NULL'},
  log_position   bigint           NOT NULL,
  type           text             NOT NULL,
  jurisdiction   text             NOT NULL,
  participant_id uuid             NOT NULL,
  referral_id    uuid,
  case_id        uuid,
  matter_id      uuid,
  occurred_on    date             NOT NULL,
  occurred_at    timestamptz,
  recorded_at    timestamptz      NOT NULL,
  district       text,
  outcome        text,
  minutes        double precision,
  attrs          jsonb            NOT NULL
)`;
}

export function programFactIndexesSql(schema: string, table: string, prefix: string): string {
  return PROGRAM_FACT_INDEXES.map(({ name, on }) => `CREATE INDEX ${prefix}_${name} ON ${schema}.${table} ${on}`).join(
    ';\n',
  );
}

/**
 * The reporting service's tables, in its own schema, changed only through these migrations. The program log is the
 * source every read model is rebuilt from; `program_facts` is rebuilt beside the live table and switched in
 * (rebuild/read-model-rebuild.ts).
 */
export const reportingReadModel: ReadModelDefinition = {
  component: 'read-models',
  entities: [ProgramLogEntry, ProgramFact],
  migrations: [
    {
      version: 1,
      name: 'program log and facts',
      sql: (s) => `
CREATE TABLE ${s}.program_log (
  log_position   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id       uuid        NOT NULL UNIQUE,
  topic          text        NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  source         text        NOT NULL,
  recorded_at    timestamptz NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  jurisdiction   text        NOT NULL,
  participant_id uuid        NOT NULL,
  correlation_id text        NOT NULL,
  causation_id   text,
  data           jsonb       NOT NULL
);
${programFactsTableSql(`${s}.program_facts`)};
${programFactIndexesSql(s, 'program_facts', 'program_facts')};
`,
    },
    {
      version: 2,
      name: 'read model versions',
      // The facts of an existing install were built by mapping 1; a table built by a later mapping says so here.
      sql: (s) => `
CREATE TABLE ${s}.read_model_versions (
  model      text        PRIMARY KEY,
  version    integer     NOT NULL,
  built_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ${s}.read_model_versions (model, version) VALUES ('program_facts', 1);
`,
    },
  ],
};
