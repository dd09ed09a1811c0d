// npm run bench:verify — the auditor's full-chain walk (findAllBreaks) against the raw PostgreSQL scan of the same
// rows, and the incremental verifier (LiveChainVerifier) keeping up with a steady stream of appends.
// Setup (not measured): BENCH_EVENTS events (1,000,000) written through the real adapter (PostgresEventStore, so every
// row, hash and stream head is what the adapter writes) into a fresh schema of its own, dropped at the end (also on
// failure). BENCH_STREAMS streams (events / 20) get their events in BENCH_ROUNDS rounds (4) of a few events each, so
// each stream's events are spread over `$all`; each transaction (appendToStreams) writes SEED_STREAMS_PER_TX streams.
// Measured:
//   (1) scan: every column of <schema>.events in global order (transaction_id, global_position) through a server-side
//       cursor, FETCH pages of 5000, decoded as the adapter decodes them (bigints, Date, jsonb), events/s; once to warm
//       the cache, then measured — the floor under any walk of the log;
//   (2) verify: findAllBreaks(store, { streamIndex: postgresStreamIndex(pool, schema) }) over the same store, events/s,
//       its ratio to (1), and it must find nothing; (1) and (2) run alternately BENCH_REPEATS (2) times after a warm-up
//       scan, the best of each counting;
//   (3) live: a LiveChainFollower (what the services run: a read every BENCH_LIVE_INTERVAL_MS, 250, once caught up) while writers
//       append BENCH_LIVE_RATE (500) single events a second for BENCH_LIVE_SECONDS (20): a share (BENCH_LIVE_NEW, 0.2)
//       to new streams, the rest to random existing ones. Lag = from an append's return to its event having been
//       checked (0 when checked before the append returned); p50/p99/max, and the events appended but not yet checked
//       when the writers stop; the verifier's headLookups / linksUnchecked.
// Targets: verify >= 50% of the scan rate; live lag p99 < 1000 ms. The last line is a `name=value` summary.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import {
  LiveChainFollower,
  PostgresEventStore,
  findAllBreaks,
  newEventId,
  postgresStreamIndex,
} from '@lead/event-store';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const STREAMS = Number(process.env.BENCH_STREAMS ?? Math.max(1, Math.round(EVENTS / 20)));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 20);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 500);
const LIVE_INTERVAL_MS = Number(process.env.BENCH_LIVE_INTERVAL_MS ?? 250);
const LIVE_NEW = Number(process.env.BENCH_LIVE_NEW ?? 0.2);
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 2));
const SEED_WRITERS = 2;
const SEED_STREAMS_PER_TX = 50;
const LIVE_WRITERS = 8;
const SCAN_PAGE = 5000;
const TARGETS = { verifyOfScan: 0.5, liveLagP99Ms: 1000 };

const line = (text) => console.log(text);
const ms = (value) => (value === undefined ? 'na' : value.toFixed(1));
const rate = (n, seconds) => Math.round(n / seconds);
const percentile = (sorted, p) =>
  sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const quantiles = (samples) => {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));

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
const event = (i) => ({
  eventId: newEventId(),
  type: 'ReferralRecorded',
  schemaVersion: 1,
  data: payload(i),
  metadata: {
    correlationId: newEventId(),
    causationId: null,
    actor: { subject: 'officer-17', agency: 'DPD', role: 'officer' },
    jurisdiction: 'denver',
    participantId: newEventId(),
  },
});

const url = await ensurePostgres({ quiet: true });
const schema = `bench_verify_${randomBytes(4).toString('hex')}`;
const pool = new pg.Pool({ connectionString: url, max: LIVE_WRITERS + 4 });
let store;
let failed = false;
let summary;
try {
  line(
    `Verify benchmark — ${EVENTS} events over ${STREAMS} streams (${ROUNDS} rounds), live ${LIVE_RATE} appends/s for ${LIVE_SECONDS} s`,
  );
  line(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}`);
  line(`PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, schema ${schema}`);
  await pool.query(`CREATE SCHEMA ${schema}`);
  store = await PostgresEventStore.create({ pool, schema, batchSize: 1000 });

  // Setup: the history, through the adapter.
  let started = performance.now();
  const revisions = await seed(store);
  await pool.query(`VACUUM ANALYZE ${schema}.events`);
  await pool.query(`VACUUM ANALYZE ${schema}.streams`);
  const { rows: size } = await pool.query(
    `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('${schema}.events')) AS size FROM ${schema}.events`,
  );
  const seedS = (performance.now() - started) / 1000;
  line(
    `  seeded ${size[0].n} events (${size[0].size}) in ${revisions.size} streams through PostgresEventStore in ${seedS.toFixed(1)} s ` +
      `(${rate(size[0].n, seedS)} events/s, vacuumed, analyzed)`,
  );
  if (size[0].n !== EVENTS) throw new Error(`the store holds ${size[0].n} events, not ${EVENTS}`);

  // (1) and (2), alternately BENCH_REPEATS times after one warm-up scan; the best of each (a busy machine only slows
  // a run down, so the best is the least disturbed one).
  await scan();
  let scanned;
  let walked;
  for (let run = 1; run <= REPEATS; run++) {
    const s = await scan();
    line(`(1) raw scan #${run}: ${s.rows} rows in ${s.seconds.toFixed(2)} s = ${rate(s.rows, s.seconds)} events/s`);
    if (s.rows !== EVENTS) throw new Error(`the scan read ${s.rows} rows`);
    if (!scanned || s.seconds < scanned.seconds) scanned = s;

    const t0 = performance.now();
    const report = await findAllBreaks(store, { streamIndex: postgresStreamIndex(pool, schema) });
    const seconds = (performance.now() - t0) / 1000;
    line(
      `(2) findAllBreaks #${run}: ${report.eventsChecked} events, ${report.streamsChecked} streams in ${seconds.toFixed(2)} s = ` +
        `${rate(report.eventsChecked, seconds)} events/s; ${report.findings.length} findings`,
    );
    if (report.findings.length !== 0 || !report.ok)
      throw new Error(`findAllBreaks found ${report.findings.length}: ${JSON.stringify(report.findings.slice(0, 3))}`);
    if (report.eventsChecked !== EVENTS) throw new Error(`findAllBreaks checked ${report.eventsChecked} events`);
    if (!walked || seconds < walked.seconds) walked = { report, seconds };
  }
  const scanPerS = rate(scanned.rows, scanned.seconds);
  const { report } = walked;
  const verifyS = walked.seconds;
  const verifyPerS = rate(report.eventsChecked, verifyS);
  const ratio = verifyPerS / scanPerS;
  line(
    `verify ${verifyPerS} events/s = ${(ratio * 100).toFixed(1)}% of the raw scan's ${scanPerS} events/s ` +
      `(best of ${REPEATS}; target >= ${TARGETS.verifyOfScan * 100}%), 0 findings`,
  );

  // (3) the live verifier under a steady append rate.
  const live = await liveLag(store, revisions);
  line(
    `(3) live: ${live.appended} appends in ${live.seconds.toFixed(1)} s = ${rate(live.appended, live.seconds)} appends/s ` +
      `(${live.newStreams} to new streams), ${live.checked} checked in ${live.pages} pages; ` +
      `lag p50 ${ms(live.lag.p50)} ms  p99 ${ms(live.lag.p99)} ms  max ${ms(live.lag.max)} ms (target p99 < ${TARGETS.liveLagP99Ms} ms); ` +
      `${live.behindAtEnd} events behind when the writers stopped`,
  );
  line(
    `    verifier: eventsChecked ${live.stats.eventsChecked}, headLookups ${live.stats.headLookups}, ` +
      `linksUnchecked ${live.stats.linksUnchecked}; ${live.findings} findings`,
  );
  if (live.findings !== 0) throw new Error(`the live verifier found ${live.findings}`);
  if (live.checked !== live.appended) throw new Error(`${live.appended - live.checked} appended events never checked`);

  summary = {
    events: EVENTS,
    streams: revisions.size,
    scan_events_per_s: scanPerS,
    verify_events_per_s: verifyPerS,
    verify_s: verifyS.toFixed(2),
    verify_ratio: ratio.toFixed(3),
    verify_findings: report.findings.length,
    live_appends_per_s: rate(live.appended, live.seconds),
    live_lag_p50_ms: ms(live.lag.p50),
    live_lag_p99_ms: ms(live.lag.p99),
    live_lag_max_ms: ms(live.lag.max),
    live_behind_at_end: live.behindAtEnd,
    live_head_lookups: live.stats.headLookups,
    live_links_unchecked: live.stats.linksUnchecked,
    cpus: cpus().length,
    load1: loadavg()[0].toFixed(2),
    met_verify_50pct_of_scan: ratio >= TARGETS.verifyOfScan ? 'yes' : 'no',
    met_live_lag_p99_1s: live.lag.p99 !== undefined && live.lag.p99 < TARGETS.liveLagP99Ms ? 'yes' : 'no',
  };
} catch (error) {
  failed = true;
  console.error(`benchmark failed: ${error?.stack ?? error}`);
} finally {
  await store?.close().catch((e) => console.error(`closing the store failed: ${e?.message ?? e}`));
  await pool
    .query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    .catch((e) => console.error(`dropping ${schema} failed: ${e?.message ?? e}`));
  await pool.end();
  await stopPostgres();
}

if (summary)
  line(
    Object.entries(summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------- setup
/**
 * BENCH_EVENTS events over BENCH_STREAMS streams, in ROUNDS rounds (each round appends the next few events of every
 * stream), SEED_STREAMS_PER_TX streams a transaction, SEED_WRITERS transactions at a time. Answers each stream's
 * revision.
 */
async function seed(store) {
  const revisions = new Map();
  const perStream = Array.from(
    { length: STREAMS },
    (_, s) => Math.floor(EVENTS / STREAMS) + (s < EVENTS % STREAMS ? 1 : 0),
  );
  let written = 0;
  let lastReport = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const chunks = [];
    for (let s = 0; s < STREAMS; s++) {
      const from = Math.floor((perStream[s] * round) / ROUNDS);
      const to = Math.floor((perStream[s] * (round + 1)) / ROUNDS);
      if (to > from) chunks.push({ s, count: to - from });
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: SEED_WRITERS }, async () => {
        while (next < chunks.length) {
          const group = chunks.slice(next, next + SEED_STREAMS_PER_TX);
          next += SEED_STREAMS_PER_TX;
          const appends = group.map(({ s, count }) => {
            const streamId = `referral-verify${s}`;
            return {
              streamId,
              events: Array.from({ length: count }, (_, i) => event(i)),
              expectedRevision: revisions.get(streamId) ?? 'no_stream',
            };
          });
          const results = await store.appendToStreams(appends);
          results.forEach((result, i) => revisions.set(appends[i].streamId, result.nextExpectedRevision));
          written += group.reduce((n, { count }) => n + count, 0);
          if (performance.now() - lastReport > 10_000) {
            lastReport = performance.now();
            line(`  … ${written} events written`);
          }
        }
      }),
    );
  }
  return revisions;
}

// ---------------------------------------------------------------------------------------------- (1) scan
/** Every column of the events table in global order through a server-side cursor, decoded as the adapter does. */
async function scan() {
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN READ ONLY');
    await client.query(
      `DECLARE verify_scan NO SCROLL CURSOR FOR
         SELECT global_position::text AS global_position, transaction_id::text AS transaction_id, event_id, stream_id,
                stream_revision::int8 AS stream_revision, event_type, schema_version, data, metadata, recorded_at,
                previous_hash, hash
           FROM ${schema}.events ORDER BY transaction_id, global_position`,
    );
    let rows = 0;
    let check = 0;
    for (;;) {
      const page = await client.query(`FETCH ${SCAN_PAGE} FROM verify_scan`);
      if (page.rows.length === 0) break;
      rows += page.rows.length;
      for (const row of page.rows) {
        const decoded = {
          eventId: row.event_id,
          type: row.event_type,
          schemaVersion: row.schema_version,
          streamId: row.stream_id,
          streamRevision: Number(row.stream_revision),
          position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
          recordedAt: row.recorded_at,
          data: row.data,
          metadata: row.metadata,
          previousHash: row.previous_hash,
          hash: row.hash,
        };
        // Touch what was decoded, so none of it is dead work.
        check += decoded.recordedAt.getTime() > 0 && decoded.data && decoded.hash.length === 64 ? 1 : 0;
      }
    }
    await client.query('COMMIT');
    if (check !== rows) throw new Error('the scan decoded rows without a timestamp, data or hash');
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------- (3) live
/**
 * LIVE_WRITERS writers take the slots of a LIVE_RATE schedule (slot k at start + k / LIVE_RATE s) and append one
 * event each; existing streams are split between the writers (stream s to writer s mod LIVE_WRITERS), so no two
 * appends to one stream race. The verifier follows `$all` from the end, a page at a time.
 */
async function liveLag(store, revisions) {
  // As the services follow the log (LiveChainFollower: a read every CHAIN_VERIFY_LIVE_INTERVAL_MS once caught up).
  const follower = new LiveChainFollower(store, { intervalMs: LIVE_INTERVAL_MS });
  const verifier = follower.verifier;
  const returnedAt = new Map(); // eventId -> when its append returned, until checked
  const checkedAt = new Map(); // eventId -> when checked, for an event checked before its append returned
  const lags = [];
  let checked = 0;
  let findings = 0;
  let pages = 0;
  let caughtUp;
  const live = new Promise((resolve) => (caughtUp = resolve));
  let failure;
  const stopFollowing = new AbortController();
  const following = follower
    .run(
      stopFollowing.signal,
      (page, found) => {
        const now = performance.now();
        findings += found.length;
        pages++;
        for (const e of page) {
          checked++;
          const at = returnedAt.get(e.eventId);
          if (at === undefined) checkedAt.set(e.eventId, now);
          else {
            returnedAt.delete(e.eventId);
            lags.push(now - at);
          }
        }
      },
      () => caughtUp(),
    )
    .catch((error) => (failure = error));
  await live;

  const existing = Array.from({ length: LIVE_WRITERS }, () => []);
  let s = 0;
  for (const streamId of revisions.keys()) existing[s++ % LIVE_WRITERS].push(streamId);
  const total = Math.round(LIVE_RATE * LIVE_SECONDS);
  let nextSlot = 0;
  let appended = 0;
  let newStreams = 0;
  const started = performance.now();
  let rng = 0x9e3779b9;
  const random = () => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 4294967296;
  };
  await Promise.all(
    Array.from({ length: LIVE_WRITERS }, async (_, w) => {
      let fresh = 0;
      while (nextSlot < total && !failure) {
        const slot = nextSlot++;
        await sleep(started + (slot * 1000) / LIVE_RATE - performance.now());
        let streamId;
        if (random() < LIVE_NEW || existing[w].length === 0) {
          streamId = `referral-live${w}-${fresh++}`;
          existing[w].push(streamId);
          newStreams++;
        } else streamId = existing[w][Math.floor(random() * existing[w].length)];
        const e = event(slot);
        const result = await store.appendToStream(streamId, [e], revisions.get(streamId) ?? 'no_stream');
        const now = performance.now();
        revisions.set(streamId, result.nextExpectedRevision);
        appended++;
        const at = checkedAt.get(e.eventId);
        if (at === undefined) returnedAt.set(e.eventId, now);
        else {
          checkedAt.delete(e.eventId);
          lags.push(0);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const behindAtEnd = returnedAt.size;
  // Let the verifier finish what is left (counted in the lag too), up to 60 s.
  const deadline = performance.now() + 60_000;
  while (checked < appended && !failure && performance.now() < deadline) await sleep(20);
  stopFollowing.abort();
  await following;
  if (failure) throw failure;
  return {
    appended,
    newStreams,
    seconds,
    checked,
    pages,
    findings,
    behindAtEnd,
    lag: quantiles(lags),
    stats: { ...verifier.stats },
  };
}
