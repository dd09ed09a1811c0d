import type { Migration } from './migration.js';

/**
 * The event log, the stream index and subscription checkpoints.
 *
 * `transaction_id` is what makes `$all` safe to read while writers are in flight: a global
 * position is taken when a row is inserted, not when its transaction commits, so a reader that
 * trusted positions alone could pass position 11 (committed) before 10 (still open) and never see
 * 10. Readers instead only return rows written by transactions older than every transaction still
 * running (`pg_snapshot_xmin`), ordered by (transaction_id, global_position).
 */
export const createEventLog: Migration = {
  version: 1,
  name: 'create event log',
  sql: (s) => `
CREATE TABLE ${s}.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL,
  stream_id       text        NOT NULL,
  stream_revision bigint      NOT NULL,
  event_type      text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL,
  previous_hash   text        NOT NULL,
  hash            text        NOT NULL,
  -- The read order of $all is the key; the identity alone already makes global_position unique.
  CONSTRAINT events_pkey PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, stream_revision),
  CONSTRAINT events_event_id_unique UNIQUE (event_id)
);

-- One row per stream: the row lock serialises appends to that stream only.
CREATE TABLE ${s}.streams (
  stream_id         text    PRIMARY KEY,
  revision          bigint  NOT NULL DEFAULT -1,
  last_hash         text    NOT NULL DEFAULT '',
  deleted           boolean NOT NULL DEFAULT false,
  metadata          jsonb   NOT NULL DEFAULT '{}'::jsonb,
  metadata_revision bigint  NOT NULL DEFAULT -1,
  -- Scratch for the fast append path: UPDATE … RETURNING yields new values only, so the hash the
  -- new event links to is parked here in the same row write.
  hash_before_append text   NOT NULL DEFAULT ''
);

CREATE TABLE ${s}.checkpoints (
  subscription_id text        PRIMARY KEY,
  position        text        NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The stream's hash chain, computed where the revision is known: element 1 is the previous hash,
-- element i+1 the hash of event i, each sha256(previous hash || head || revision || tail).
CREATE FUNCTION ${s}.chain_hashes(p_previous text, p_first_revision bigint, p_heads text[], p_tails text[])
RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  v_hashes text[] := ARRAY[p_previous];
BEGIN
  FOR i IN 1 .. cardinality(p_heads) LOOP
    v_hashes[i + 1] := encode(sha256(convert_to(v_hashes[i] || p_heads[i] || (p_first_revision + i - 1)::text || p_tails[i], 'UTF8')), 'hex');
  END LOOP;
  RETURN v_hashes;
END
$fn$;

-- Appends a batch to one stream in one statement (one round trip, one transaction).
-- The caller sends each event as its canonical JSON split around the stream revision
-- (p_heads[i] || revision || p_tails[i]), because the revision is only known under the row lock
-- and the hash covers it. The adapter's fast path (one exact-revision event) is a single
-- UPDATE … INSERT statement; this function handles creation, expectations and idempotence.
-- p_expected: >= 0 exact revision, -1 no_stream, -2 any, -3 stream_exists.
-- Errors: SQLSTATE LE001 wrong expected version (DETAIL = actual revision or 'no_stream');
--         a unique violation on events_event_id_unique when an event id is stored elsewhere.
CREATE FUNCTION ${s}.append_events(p_stream_id text, p_expected bigint, p_event_ids uuid[], p_heads text[], p_tails text[])
RETURNS TABLE (outcome text, last_revision bigint, commit_position xid8, prepare_position bigint, last_hash text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_revision bigint;
  v_hash     text;
  v_deleted  boolean;
  v_actual   bigint;
  v_first    bigint;
  v_matched  bigint;
  v_count    integer := cardinality(p_event_ids);
  v_hashes   text[];
BEGIN
  SELECT s.revision, s.last_hash, s.deleted INTO v_revision, v_hash, v_deleted
    FROM ${s}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO ${s}.streams (stream_id) VALUES (p_stream_id) ON CONFLICT DO NOTHING;
    SELECT s.revision, s.last_hash, s.deleted INTO v_revision, v_hash, v_deleted
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
  -- A duplicate event id raises unique_violation on events_event_id_unique; the adapter maps it.
  RETURN QUERY
    INSERT INTO ${s}.events AS e (event_id, stream_id, stream_revision, event_type, schema_version, data, metadata, recorded_at, previous_hash, hash)
    SELECT (d.doc->>'eventId')::uuid, p_stream_id, v_first + d.i - 1, d.doc->>'type', (d.doc->>'schemaVersion')::integer,
           d.doc->'data', d.doc->'metadata', (d.doc->>'recordedAt')::timestamptz, v_hashes[d.i], v_hashes[d.i + 1]
      FROM (SELECT i, (p_heads[i] || (v_first + i - 1)::text || p_tails[i])::jsonb AS doc
              FROM generate_subscripts(p_heads, 1) AS i) AS d
     ORDER BY d.i
    RETURNING 'appended'::text, e.stream_revision, e.transaction_id, e.global_position, e.hash;

  UPDATE ${s}.streams SET revision = v_first + v_count - 1, last_hash = v_hashes[v_count + 1], deleted = false
   WHERE stream_id = p_stream_id;
END
$fn$;
`,
};
