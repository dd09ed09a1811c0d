import type { Migration } from './migration.js';

/**
 * `$all` never delivers one stream's events out of revision order.
 *
 * `events.transaction_id` was the writing transaction's id, and `$all` is read in
 * (transaction_id, global_position) order. Transaction ids are handed out when a transaction first
 * writes or locks a row, not when it takes a stream's row lock: an appender waiting for the lock
 * already holds an id (taking a row lock assigns one before waiting), and with three or more
 * appenders the one that gets the lock next may hold a *lower* id than the one that just released
 * it. Its event, the stream's later revision, then sorted before the earlier one. A transaction
 * that holds an id before it appends (a multi-stream append writes several streams in one
 * transaction) has the same problem.
 *
 * So the column now holds a stamp, not simply the transaction id: each new event is stamped
 * `GREATEST(pg_current_xact_id(), <the stream's last stamp>)`, the stream's last stamp being kept in
 * `streams.last_stamp` and read and advanced under the stream's row lock by every append path.
 *
 * Per-stream order: a stream's appends are serialised by its row lock, so each one reads the stamp
 * its predecessor left and stamps its own events at least as high. Equal stamps are ordered by
 * global position, which the identity column (a sequence with no per-session cache) hands out in
 * insertion order, i.e. in lock order too. So (stamp, global_position) grows with the revision.
 *
 * The xid fence stays safe: a reader passes a row only when its stamp < pg_snapshot_xmin, the
 * oldest transaction id still running. A stamp is never below its writer's own id, and a running
 * transaction's id is >= xmin; so the rows of any transaction still running (or yet to start) are
 * stamped >= xmin and are never passed, and nothing that commits later can sort before a position
 * a reader has already passed. A stamp can exceed its writer's id (when the stream's last stamp
 * was higher); such a row merely waits until every transaction up to that stamp has ended — no
 * reader can pass a stamp above a still-running transaction's id, so the delay never reorders.
 *
 * Existing streams get the stamp of their newest event; `append_events` is replaced to use it.
 */
export const stampByStream: Migration = {
  version: 2,
  name: 'stamp events by stream',
  sql: (s) => `
ALTER TABLE ${s}.streams ADD COLUMN last_stamp xid8;

UPDATE ${s}.streams st SET last_stamp = (
  SELECT e.transaction_id FROM ${s}.events e
   WHERE e.stream_id = st.stream_id ORDER BY e.stream_revision DESC LIMIT 1);

COMMENT ON COLUMN ${s}.events.transaction_id IS
  'Read-order stamp: GREATEST(writing transaction id, the stream''s previous stamp); see migration 0002.';
COMMENT ON COLUMN ${s}.streams.last_stamp IS
  'Stamp (events.transaction_id) of the stream''s newest event; NULL before its first.';

-- As in migration 0001, plus the stamp: read under the row lock, given to every new event, kept.
CREATE OR REPLACE FUNCTION ${s}.append_events(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_heads text[], p_tails text[])
RETURNS TABLE (outcome text, last_revision bigint, commit_position xid8, prepare_position bigint, last_hash text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_revision bigint;
  v_hash     text;
  v_deleted  boolean;
  v_stamp    xid8;
  v_actual   bigint;
  v_first    bigint;
  v_matched  bigint;
  v_count    integer := cardinality(p_event_ids);
  v_hashes   text[];
BEGIN
  SELECT s.revision, s.last_hash, s.deleted, s.last_stamp INTO v_revision, v_hash, v_deleted, v_stamp
    FROM ${s}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO ${s}.streams (stream_id) VALUES (p_stream_id) ON CONFLICT DO NOTHING;
    SELECT s.revision, s.last_hash, s.deleted, s.last_stamp INTO v_revision, v_hash, v_deleted, v_stamp
      FROM ${s}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  END IF;
  -- A soft-deleted or never-written stream does not exist for expectations; numbering continues.
  v_actual := CASE WHEN v_deleted OR v_revision < 0 THEN -1 ELSE v_revision END;

  -- Idempotence: the same event ids already stored consecutively in this stream are a no-op.
  IF p_expected < -1 OR p_expected <> v_actual THEN
    SELECT min(e.stream_revision), count(*) INTO v_first, v_matched
      FROM ${s}.events e WHERE e.event_id = ANY (p_event_ids) AND e.stream_id = p_stream_id;
    IF v_matched = v_count AND v_count > 0
       AND (SELECT bool_and(e.stream_revision = v_first + o.n - 1)
              FROM unnest(p_event_ids) WITH ORDINALITY AS o(id, n)
              JOIN ${s}.events e ON e.event_id = o.id)
       AND (p_expected IN (-2, -3) OR (p_expected = -1 AND v_first = 0) OR p_expected = v_first - 1) THEN
      RETURN QUERY SELECT 'idempotent'::text, e.stream_revision, e.transaction_id, e.global_position, e.hash
        FROM ${s}.events e WHERE e.stream_id = p_stream_id AND e.stream_revision = v_first + v_count - 1;
      RETURN;
    END IF;
  END IF;

  IF NOT (p_expected = -2 OR (p_expected = -3 AND v_actual >= 0) OR p_expected = v_actual) THEN
    RAISE EXCEPTION USING ERRCODE = 'LE001', MESSAGE = 'wrong expected version',
      DETAIL = CASE WHEN v_actual < 0 THEN 'no_stream' ELSE v_actual::text END;
  END IF;
  IF v_count = 0 THEN
    RETURN QUERY SELECT 'empty'::text, v_actual, NULL::xid8, NULL::bigint, NULL::text;
    RETURN;
  END IF;

  v_first := v_revision + 1;
  v_hashes := ${s}.chain_hashes(v_hash, v_first, p_heads, p_tails);
  -- Never below the stream's previous stamp (GREATEST ignores a NULL one): see migration 0002.
  v_stamp := GREATEST(pg_current_xact_id(), v_stamp);
  -- A duplicate event id raises unique_violation on events_event_id_unique; the adapter maps it.
  RETURN QUERY
    INSERT INTO ${s}.events AS e (transaction_id, event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)
    SELECT v_stamp, (d.doc->>'eventId')::uuid, p_stream_id, v_first + d.i - 1, d.doc->>'type', (d.doc->>'schemaVersion')::integer,
           d.doc->'data', d.doc->'metadata', (d.doc->>'recordedAt')::timestamptz, v_hashes[d.i], v_hashes[d.i + 1]
      FROM (SELECT i, (p_heads[i] || (v_first + i - 1)::text || p_tails[i])::jsonb AS doc
              FROM generate_subscripts(p_heads, 1) AS i) AS d
     ORDER BY d.i
    RETURNING 'appended'::text, e.stream_revision, e.transaction_id, e.global_position, e.hash;

  UPDATE ${s}.streams SET revision = v_first + v_count - 1, last_hash = v_hashes[v_count + 1], deleted = false,
         last_stamp = v_stamp
   WHERE stream_id = p_stream_id;
END
$fn$;
`,
};
