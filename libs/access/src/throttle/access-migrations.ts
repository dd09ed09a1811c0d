import type { Migration } from '@lead/event-store';

/**
 * The access layer's own tables, in the service's schema, shared by every replica of the service:
 * the refused-request throttle of each client address, and the refusals counted per address and
 * window until the audit worker writes them to the access audit.
 */
export const accessMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create the address throttle and the refusal counters',
    sql: (s) => `
CREATE TABLE ${s}.address_throttle (
  address text        PRIMARY KEY,
  -- The bucket kept as one instant (GCRA's theoretical arrival time): the bucket is full when it is in the past.
  tat     timestamptz NOT NULL,
  -- Whether the last request was let through (set by the same upsert that moves tat).
  granted boolean     NOT NULL
);
CREATE TABLE ${s}.refusal_counts (
  window_start timestamptz NOT NULL,
  address      text        NOT NULL,
  status       integer     NOT NULL,
  reason       text        NOT NULL,
  method       text        NOT NULL,
  route        text        NOT NULL,
  subject      text        NOT NULL,
  agency       text        NOT NULL,
  count        bigint      NOT NULL,
  first_at     timestamptz NOT NULL,
  last_at      timestamptz NOT NULL,
  PRIMARY KEY (window_start, address, status, reason, method, route, subject, agency)
);
`,
  },
];
