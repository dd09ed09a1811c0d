import type { Migration } from '@lead/event-store';

/** Idempotency keys live in the service's own schema, beside its read models. */
export const idempotencyMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create idempotency keys',
    sql: (s) => `
CREATE TABLE ${s}.idempotency_keys (
  scope        text        NOT NULL,
  key          text        NOT NULL,
  request_hash text        NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON ${s}.idempotency_keys (created_at);
`,
  },
];
