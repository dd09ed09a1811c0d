// npm run bench:event-store — the PostgreSQL event store against the same server's raw ceiling.
// Prints one line per figure and, last, a one-line `name=value` summary to compare run to run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore, newEventId } from '@lead/event-store';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';

const WRITERS = 8;
const STREAMS = 1000;
const BATCH = 100;
const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 8000);
const BATCH_SAMPLE = Math.min(TOTAL, 100_000);

const url = await ensurePostgres();
const schema = `bench_${randomBytes(4).toString('hex')}`;
const pool = new pg.Pool({ connectionString: url, max: WRITERS + 2 });
await pool.query(`CREATE SCHEMA ${schema}`);
const store = await PostgresEventStore.create({ pool, schema, batchSize: 2000 });

const payload = (i) => ({
  referralId: newEventId(),
  door: 'arrest_diversion',
  jurisdiction: 'denver',
  district: 6,
  offense: { code: 'C.R.S. 18-18-403.5', level: 'DF4' },
  screening: {
    criteria: Array.from({ length: 6 }, (_, c) => ({ id: `criterion-${c}`, answer: c % 2 === 0 })),
    protocolVersion: 'denver-2024.1',
  },
  sequence: i,
});
const metadata = () => ({
  correlationId: newEventId(),
  causationId: null,
  actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
  jurisdiction: 'denver',
  participantId: newEventId(),
});
const event = (i) => ({
  eventId: newEventId(),
  type: 'ReferralRecorded',
  schemaVersion: 1,
  data: payload(i),
  metadata: metadata(),
});

const line = (text) => console.log(text);
const rate = (n, ms) => Math.round((n * 1000) / ms);

/** Runs `WRITERS` loops of `op` for `WINDOW_MS`; returns operations per second. */
async function timed(op) {
  const deadline = Date.now() + WINDOW_MS;
  let count = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let k = 0; Date.now() < deadline; k++) {
        await op(w, k);
        count++;
      }
    }),
  );
  return rate(count, Date.now() - started);
}

// Streams are owned by one writer each, so the benchmark measures appends, not conflicts.
const revisions = new Map();
const streamOf = (w, k) => `referral-bench${(w + WRITERS * k) % STREAMS}`;
async function appendOne(w, k) {
  const stream = streamOf(w, k);
  const expected = revisions.get(stream) ?? 'no_stream';
  const result = await store.appendToStream(stream, [event(k)], expected);
  revisions.set(stream, result.nextExpectedRevision);
}

await pool.query(
  `CREATE TABLE ${schema}.raw_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`,
);
const rawInsertOne = (w, k) =>
  pool.query(`INSERT INTO ${schema}.raw_events (stream_id, data, metadata) VALUES ($1, $2, $3)`, [
    streamOf(w, k),
    payload(k),
    metadata(),
  ]);

line(
  `PostgreSQL event store benchmark — ${WRITERS} writers, ${STREAMS} streams, ${WINDOW_MS} ms windows, ${TOTAL} events for the full-store phases`,
);
line(`server: ${(await pool.query('SHOW server_version')).rows[0].server_version}, schema ${schema}`);

const rawOne = await timed(rawInsertOne);
const appendEmpty = await timed(appendOne);
line(
  `(1) single-event append, empty store:   ${appendEmpty} appends/s   raw one-row INSERT: ${rawOne} rows/s   ratio ${(appendEmpty / rawOne).toFixed(2)} (target >= 0.60)`,
);

// (2) 100-event batches, each to a fresh stream, then the raw multi-row INSERT of the same payloads.
let batchStreams = 0;
async function loadBatches(events) {
  const started = Date.now();
  let written = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (written < events) {
        written += BATCH;
        await store.appendToStream(
          `load-${batchStreams++}`,
          Array.from({ length: BATCH }, (_, i) => event(i)),
          'no_stream',
        );
      }
    }),
  );
  return rate(written, Date.now() - started);
}
const batchRate = await loadBatches(BATCH_SAMPLE);
let rawWritten = 0;
const rawBatchStarted = Date.now();
await Promise.all(
  Array.from({ length: WRITERS }, async () => {
    while (rawWritten < BATCH_SAMPLE) {
      rawWritten += BATCH;
      const values = [];
      const params = [];
      for (let i = 0; i < BATCH; i++) {
        params.push(`stream-${rawWritten}`, payload(i), metadata());
        values.push(`($${params.length - 2}, $${params.length - 1}, $${params.length})`);
      }
      await pool.query(
        `INSERT INTO ${schema}.raw_events (stream_id, data, metadata) VALUES ${values.join(',')}`,
        params,
      );
    }
  }),
);
const rawBatch = rate(rawWritten, Date.now() - rawBatchStarted);
line(
  `(2) 100-event batch append:             ${batchRate} events/s   raw multi-row INSERT: ${rawBatch} rows/s   ratio ${(batchRate / rawBatch).toFixed(2)} (target >= 0.50)`,
);

// Fill the store to TOTAL events.
const { rows: countRows } = await pool.query(`SELECT count(*)::int AS n FROM ${schema}.events`);
const loadRate = await loadBatches(TOTAL - countRows[0].n);
const stored = (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.events`)).rows[0].n;
line(`    filled the store to ${stored} events at ${loadRate} events/s`);
await pool.query(`VACUUM ANALYZE ${schema}.events`);

// (3) $all from the start to the end through the subscription API, then a plain SELECT scan.
const readStarted = Date.now();
let read = 0;
await new Promise((resolve, reject) => {
  const sub = store.subscribeToAll(
    () => {
      read++;
    },
    { onCaughtUp: () => sub.stop().then(resolve, reject), onError: reject },
  );
});
const readRate = rate(read, Date.now() - readStarted);
const scanStarted = Date.now();
let scanned = 0;
// The raw ceiling: one plain SELECT of the same rows and columns through a server-side cursor.
const scanner = await pool.connect();
await scanner.query('BEGIN');
await scanner.query(
  `DECLARE raw_scan NO SCROLL CURSOR FOR SELECT global_position, transaction_id::text, event_id, stream_id, stream_revision, event_type,
          schema_version, data, metadata, recorded_at, previous_hash, hash FROM ${schema}.events`,
);
for (;;) {
  const { rows } = await scanner.query('FETCH 2000 FROM raw_scan');
  if (rows.length === 0) break;
  scanned += rows.length;
}
await scanner.query('COMMIT');
scanner.release();
const scanRate = rate(scanned, Date.now() - scanStarted);
if (process.env.BENCH_DEBUG) line(`    raw scan read ${scanned} rows in ${Date.now() - scanStarted} ms`);
line(
  `(3) $all catch-up read:                 ${readRate} events/s (${read} events)   raw SELECT scan: ${scanRate} rows/s   ratio ${(readRate / scanRate).toFixed(2)} (target >= 0.50)`,
);

// (4) single-event appends again, with the store full.
const appendFull = await timed(appendOne);
line(
  `(4) single-event append, full store:    ${appendFull} appends/s   ratio to empty ${(appendFull / appendEmpty).toFixed(2)} (target >= 0.90)`,
);

await store.close();
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
await stopPostgres();

const summary = {
  append_per_s: appendEmpty,
  raw_insert_per_s: rawOne,
  append_ratio: (appendEmpty / rawOne).toFixed(2),
  batch_events_per_s: batchRate,
  raw_multirow_per_s: rawBatch,
  batch_ratio: (batchRate / rawBatch).toFixed(2),
  read_all_per_s: readRate,
  raw_scan_per_s: scanRate,
  read_ratio: (readRate / scanRate).toFixed(2),
  append_full_per_s: appendFull,
  full_to_empty_ratio: (appendFull / appendEmpty).toFixed(2),
  events: stored,
  met_append_ratio_0_60: appendEmpty / rawOne >= 0.6 ? 'yes' : 'no',
  met_batch_ratio_0_50: batchRate / rawBatch >= 0.5 ? 'yes' : 'no',
  met_read_ratio_0_50: readRate / scanRate >= 0.5 ? 'yes' : 'no',
  met_full_to_empty_0_90: appendFull / appendEmpty >= 0.9 ? 'yes' : 'no',
};
line(
  Object.entries(summary)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
);
