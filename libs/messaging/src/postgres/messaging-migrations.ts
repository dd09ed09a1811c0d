import { migrate, type Migration } from '@lead/event-store';
import type pg from 'pg';

/**
 * Tables of the messaging library, in the service's own schema (next to its read models, so an inbox row and a
 * handler's effect commit in one transaction). Versions 1001 and up: the schema's `schema_migrations` is shared
 * with the service's own migrations, which number from 1.
 */
export const messagingMigrations: readonly Migration[] = [
  {
    version: 1001,
    name: 'messaging: relay checkpoints, inbox, dead letters',
    sql: (s) => `
-- Where each relay has published up to: written only after the broker acknowledged, by the lease holder.
CREATE TABLE ${s}.relay_checkpoints (
  relay_id   text        PRIMARY KEY,
  position   text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per handled message and consumer group, inserted in the handler's transaction: a redelivered message
-- finds its row and has no second effect.
CREATE TABLE ${s}.inbox (
  consumer_group text        NOT NULL,
  message_id     text        NOT NULL,
  topic          text        NOT NULL,
  handled_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);

-- Embedded bus: messages a handler rejected N times (on Kafka they go to <topic>.dlq instead).
CREATE TABLE ${s}.dead_letters (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consumer_group      text        NOT NULL,
  topic               text        NOT NULL,
  message_id          text,
  message_key         text,
  headers             jsonb       NOT NULL,
  value               bytea       NOT NULL,
  origin              text        NOT NULL,
  error               text        NOT NULL,
  error_name          text        NOT NULL,
  attempts            integer     NOT NULL,
  failed_at           timestamptz NOT NULL DEFAULT now(),
  replay_requested_at timestamptz,
  resolved_at         timestamptz
);
CREATE INDEX dead_letters_open ON ${s}.dead_letters (consumer_group, id) WHERE resolved_at IS NULL;
`,
  },
  {
    version: 1002,
    name: 'messaging: inbox handled_at index for the retention sweep',
    // Built inside the migration's transaction (not CONCURRENTLY): inserts into the inbox wait while it builds.
    sql: (s) => `CREATE INDEX inbox_handled_at ON ${s}.inbox (handled_at);`,
  },
];

/** Creates or upgrades the messaging tables in `schema` (idempotent; concurrent starters wait for each other). */
export async function migrateMessaging(pool: pg.Pool, schema: string): Promise<void> {
  await migrate(pool, schema, messagingMigrations);
}

/**
 * The relay of the store's checkpoints keeps its checkpoint beside the store (the event store's schema, component
 * `audit-relay`), not in any one service's schema: every service on the store shares its lease and position.
 */
export const auditRelayMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'audit relay: relay checkpoints',
    sql: (s) => `
CREATE TABLE IF NOT EXISTS ${s}.relay_checkpoints (
  relay_id   text        PRIMARY KEY,
  position   text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];

export async function migrateAuditRelay(pool: pg.Pool, schema: string): Promise<void> {
  await migrate(pool, schema, auditRelayMigrations, 'audit-relay');
}
