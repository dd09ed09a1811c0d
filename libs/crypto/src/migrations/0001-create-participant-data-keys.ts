import type { Migration } from '@lead/event-store';

/**
 * One row per participant. Shredding clears `wrapped_key` and keeps the row as a tombstone, so that
 * nothing can silently mint a new key for an erased participant and start recording personal data
 * about them again.
 */
export const createParticipantDataKeys: Migration = {
  version: 1,
  name: 'create participant data keys',
  sql: (s) => `
CREATE TABLE ${s}.participant_data_keys (
  participant_id text        PRIMARY KEY,
  master_key_id  text,
  wrapped_key    bytea,
  created_at     timestamptz NOT NULL DEFAULT now(),
  shredded_at    timestamptz,
  CONSTRAINT participant_data_keys_live_or_shredded CHECK (
    (shredded_at IS NULL AND wrapped_key IS NOT NULL AND master_key_id IS NOT NULL)
    OR (shredded_at IS NOT NULL AND wrapped_key IS NULL AND master_key_id IS NULL)
  )
);
`,
};
