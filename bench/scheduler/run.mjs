// npm run bench:scheduler — the durable timers of libs/scheduling (TimerSchedule's table, TimerWorker on its lease)
// against real PostgreSQL and the real clock, in schemas of its own dropped at the end.
//   (1) lateness: BENCH_TIMERS timers (100,000) due at BENCH_DUE_RATE timers/s (1,000), evenly from a few seconds
//       after they are armed; lateness per timer = when its handler was invoked minus its instant (p50/p99/max),
//       the same from the fired mark (fired_at), and the timers fired per second.
//   (2) flat in what is pending: a batch of BENCH_BATCH timers (20,000) already due, fired beside 10,000 and beside
//       1,000,000 armed timers due months away; fired/s in each (the median of BENCH_ROUNDS, 5, the two alternating so
//       both see the same neighbours: other work on the machine moves single rounds a lot), and the ratio rate(1M) / rate(10k).
// Timers are armed in bulk (INSERT … SELECT generate_series, the rows `TimerSchedule.schedule` writes); what is
// measured is the worker. The handlers only record when they ran, so the figures are the library's own cost.
// Targets: lateness p99 < 1 s at 1,000 timers/s due; ratio >= 0.9. The last line is a `name=value` summary.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateScheduling, TimerWorker } from '@lead/scheduling';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const DUE_RATE = Number(process.env.BENCH_DUE_RATE ?? 1000);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 5000);
const BATCH = Number(process.env.BENCH_BATCH ?? 20_000);
const PENDING_SMALL = Number(process.env.BENCH_PENDING_SMALL ?? 10_000);
const PENDING_LARGE = Number(process.env.BENCH_PENDING_LARGE ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LATENESS_TARGET_MS = 1000;
const FLAT_TARGET = 0.9;

const line = (text) => console.log(text);
const rate = (n, ms) => Math.round((n * 1000) / ms);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (value) => value.toFixed(1);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};
async function waitFor(probe, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await sleep(5);
  }
}

const url = await ensurePostgres({ quiet: true });
const suffix = randomBytes(4).toString('hex');
const pool = new pg.Pool({ connectionString: url, max: 4 });
const schemas = [];
async function newSchema(name) {
  const schema = `bench_sched_${name}_${suffix}`;
  await pool.query(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  await migrateScheduling(pool, schema);
  return schema;
}

/**
 * Arms `count` timers in one statement: ids `<prefix><n>`, due `firstDueMs + n * stepMs` (epoch ms), a payload
 * like a service's (which participant, which count).
 */
async function arm(schema, { prefix, count, firstDueMs, stepMs, kind = 'bench' }) {
  await pool.query(
    `INSERT INTO ${schema}.scheduled_timers (timer_id, kind, instant, due_at, payload, scheduled_at)
     SELECT $1 || n, $2, due, due, jsonb_build_object('n', n, 'participantId', md5(n::text)), now()
       FROM generate_series(0, $3 - 1) AS n,
            LATERAL (SELECT to_timestamp(($4::float8 + n * $5::float8) / 1000)) AS d(due)`,
    [prefix, kind, count, firstDueMs, stepMs],
  );
}

/** A worker with the defaults a service runs (pollMs 1000, pageSize 100) whose handler records when it ran. */
function recordingWorker(schema, onFired) {
  return new TimerWorker({
    pool,
    schema,
    handlers: { bench: async (timer) => onFired(timer, Date.now()) },
    onFailure: ({ timer, error }) => line(`    timer ${timer.timerId} failed: ${error}`),
    onCycleFailure: (error) => line(`    worker cycle failed: ${error}`),
  });
}
async function active(worker) {
  await waitFor(() => worker.state === 'active', `${worker.name} to take its lease`, 30_000);
}

let summary;
try {
  line(
    `Scheduler benchmark — (1) ${TIMERS} timers due at ${DUE_RATE}/s from ${LEAD_MS} ms after arming; (2) ${BATCH} due timers beside ${PENDING_SMALL} and ${PENDING_LARGE} pending, median of ${ROUNDS} rounds`,
  );
  line(
    `PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, schemas bench_sched_*_${suffix}`,
  );

  // ------------------------------------------------------------------------------------ (1) lateness at DUE_RATE/s
  const lateSchema = await newSchema('late');
  const lateness = new Float64Array(TIMERS);
  const runs = new Uint8Array(TIMERS);
  let fired = 0;
  let firstFiredAt = 0;
  let lastFiredAt = 0;
  const lateWorker = recordingWorker(lateSchema, (timer, at) => {
    const n = timer.payload.n;
    if (runs[n]++ === 0) lateness[n] = at - timer.instant.getTime();
    if (fired++ === 0) firstFiredAt = at;
    lastFiredAt = at;
  }).start();
  await active(lateWorker);
  const armedAt = Date.now();
  await arm(lateSchema, { prefix: 'late-', count: TIMERS, firstDueMs: armedAt + LEAD_MS, stepMs: 1000 / DUE_RATE });
  const armMs = Date.now() - armedAt;
  line(`    armed ${TIMERS} timers in ${armMs} ms${armMs >= LEAD_MS ? ' (WARNING: longer than the lead)' : ''}`);
  const spanMs = (TIMERS * 1000) / DUE_RATE;
  await waitFor(() => fired >= TIMERS, 'every timer to fire', LEAD_MS + spanMs + 120_000);
  await lateWorker.stop();
  const sorted = [...lateness].sort((a, b) => a - b);
  const twice = runs.reduce((count, r) => count + (r > 1 ? 1 : 0), 0);
  const { rows: marks } = await pool.query(
    `SELECT count(*)::int AS fired,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY lateness) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY lateness) AS p99
       FROM (SELECT extract(epoch FROM fired_at - instant) * 1000 AS lateness
               FROM ${lateSchema}.scheduled_timers WHERE outcome = 'fired') AS t`,
  );
  const late = {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    firedPerS: rate(TIMERS - 1, lastFiredAt - firstFiredAt),
    markP50: Number(marks[0].p50),
    markP99: Number(marks[0].p99),
  };
  line(
    `(1) lateness at ${DUE_RATE}/s due: handler p50 ${ms(late.p50)} ms  p99 ${ms(late.p99)} ms  max ${ms(late.max)} ms;` +
      ` fired mark p50 ${ms(late.markP50)} ms  p99 ${ms(late.markP99)} ms; ${late.firedPerS} fired/s   target p99 < ${LATENESS_TARGET_MS} ms`,
  );
  line(`    ${marks[0].fired} marked fired, ${twice} handler(s) run more than once`);
  if (marks[0].fired !== TIMERS || twice > 0) throw new Error('the lateness run did not fire every timer exactly once');
  // Out of the way of (2): its row versions (armed and fired) would otherwise share the buffers with the pending sets.
  await pool.query(`DROP SCHEMA ${lateSchema} CASCADE`);

  // ------------------------------------------------------------------- (2) fired/s beside 10k and beside 1M pending
  const configs = [];
  for (const pending of [PENDING_SMALL, PENDING_LARGE]) {
    const schema = await newSchema(`p${pending}`);
    const started = Date.now();
    // Months away, one a second: armed for the whole run, never due.
    await arm(schema, { prefix: 'pending-', count: pending, firstDueMs: Date.now() + 90 * 86_400_000, stepMs: 1000 });
    // The statistics autovacuum keeps (this server may run without it): the planner then knows the pending set.
    await pool.query(`ANALYZE ${schema}.scheduled_timers`);
    line(`    armed ${pending} pending timers in ${Date.now() - started} ms (${schema}, analyzed)`);
    configs.push({ pending, schema, rates: [] });
  }
  // What the loading left behind (WAL, dirty pages) is written out before either configuration is measured.
  await pool.query('CHECKPOINT');

  /**
   * Arms BATCH timers due over a minute of the past beside the pending ones; returns fired/s, first run to last mark.
   * Each round's minute lies before the previous round's, so the worker's look never walks past what earlier rounds
   * fired (on a server without autovacuum nothing removes it).
   */
  const firstRoundAt = Date.now();
  async function fireBatch(config, round) {
    await arm(config.schema, {
      prefix: `due-${round}-`,
      count: BATCH,
      firstDueMs: firstRoundAt - (round + 1) * 60_000,
      stepMs: 60_000 / BATCH,
    });
    let count = 0;
    let first = 0;
    const worker = recordingWorker(config.schema, (_timer, at) => {
      if (count++ === 0) first = at;
    }).start();
    await waitFor(() => count >= BATCH, `the batch beside ${config.pending} pending`, 300_000);
    await worker.stop(); // after the last handler's fired mark
    const elapsed = Date.now() - first;
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${config.schema}.scheduled_timers WHERE timer_id LIKE $1 AND outcome = 'fired'`,
      [`due-${round}-%`],
    );
    if (rows[0].n !== BATCH || count !== BATCH)
      throw new Error(`beside ${config.pending} pending: ${count} runs, ${rows[0].n} marked, of ${BATCH}`);
    return rate(BATCH, elapsed);
  }
  // Alternating which goes first (ABBA), so that a drift in what else the machine runs favours neither.
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of round % 2 === 0 ? configs : [...configs].reverse())
      config.rates.push(await fireBatch(config, round));
  }
  const [small, large] = configs.map((config) => ({ ...config, median: median(config.rates) }));
  const ratio = large.median / small.median;
  for (const config of [small, large])
    line(
      `(2) ${BATCH} due beside ${String(config.pending).padStart(7)} pending: ${config.median} fired/s median (rounds ${config.rates.join(', ')})`,
    );
  line(`    ratio ${PENDING_LARGE} / ${PENDING_SMALL} pending: ${ratio.toFixed(2)}   target >= ${FLAT_TARGET}`);

  summary = {
    lateness_p50_ms: ms(late.p50),
    lateness_p99_ms: ms(late.p99),
    lateness_max_ms: ms(late.max),
    mark_lateness_p99_ms: ms(late.markP99),
    fired_per_s: late.firedPerS,
    timers: TIMERS,
    due_rate: DUE_RATE,
    rate_10k: small.median,
    rate_1m: large.median,
    ratio: ratio.toFixed(2),
    met_lateness_p99_1s: late.p99 < LATENESS_TARGET_MS ? 'yes' : 'no',
    met_flat_in_pending_0_9: ratio >= FLAT_TARGET ? 'yes' : 'no',
  };
} finally {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await stopPostgres();
}

line(
  Object.entries(summary)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
);
