// npm run bench:replay — the reporting service replaying its program log, at REPLAY_EVENTS events (1,000,000) over
// REPLAY_PARTICIPANTS participants (50,000), and again at REPLAY_SMALL_EVENTS (10,000) over REPLAY_SMALL_PARTICIPANTS
// (500), each in a fresh schema of its own (dropped at the end).
// The history (bench/replay/history.mjs, seeded by REPLAY_SEED): per participant one referral journey in a plausible
// order (recorded, screened, the charge held for arrests, the prosecutor's decision, the offer, the hand-off, enrolment,
// the case opened, intake and demographics, the charge declined or released, contacts, monthly snapshots, engagement
// changes, service connections, an exit for some), in four configured jurisdictions (config/jurisdictions, so the
// calendar knows their zones) over ~3 years of recorded time, the older events in the v1 schemas of types with a v2.
// Every event passes assertValidIntegrationEvent as it is made.
// The real ReportingModule (built: apps/reporting/dist) starts as the tests start it (libs/testing startServiceApp), so
// its own migrations create the tables; the history is then written straight into its program_log in log order (bulk
// INSERT … unnest, setup, not measured) and VACUUM ANALYZEd.
// Measured:
//   (1) scan: the same rows read to this process through a server-side cursor (FETCH pages of 5000, node-pg parsing
//       them: timestamps to Date, jsonb to objects), events/s — the floor under any replay of this log;
//   (2) rebuild: ProgramFactsRebuild.run() of the service over the whole log (read, upcast, facts written, indexes,
//       ANALYZE, switch), events/s, and its ratio to (1);
//   (3) the participant journey (ParticipantJourneyHandler.execute, a random participant of the history, as of now)
//       and the program summary (ProgramReportHandler.execute, what GET /v1/reports/program runs, for a random
//       jurisdiction × quarter of the history, as of now), p50/p99, at both sizes (after a few unmeasured warm-ups).
// Targets: rebuild >= 30% of the scan rate and >= 50,000 events/s; at the large size journey p99 < 20 ms, summary p99
// < 200 ms, and journey p99 <= 1.5 × its p99 at the small size. The last line is a `name=value` summary.
// Environment: REPLAY_EVENTS, REPLAY_PARTICIPANTS, REPLAY_SMALL_EVENTS, REPLAY_SMALL_PARTICIPANTS, REPLAY_SEED (20261203),
// REPLAY_JOURNEY_SAMPLES (300), REPLAY_SUMMARY_SAMPLES (60).
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { assertValidIntegrationEvent } from '@lead/contracts';
import { PersonalDataCipher } from '@lead/crypto';
import { startServiceApp } from '@lead/testing';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';
import { ParticipantJourneyHandler } from '../../apps/reporting/dist/participant-journey/participant-journey.handler.js';
import { ParticipantJourneyQuery } from '../../apps/reporting/dist/participant-journey/participant-journey.query.js';
import { ProgramReportHandler } from '../../apps/reporting/dist/program-report/program-report.handler.js';
import { ProgramReportQuery } from '../../apps/reporting/dist/program-report/program-report.query.js';
import { ProgramFactsRebuild } from '../../apps/reporting/dist/rebuild/program-facts-rebuild.js';
import { reportingPeriod } from '../../apps/reporting/dist/reporting-period/reporting-period.js';
import { ReportingModule } from '../../apps/reporting/dist/reporting.module.js';
import { generateHistory, HISTORY_END, HISTORY_START } from './history.mjs';

const EVENTS = Number(process.env.REPLAY_EVENTS ?? 1_000_000);
const PARTICIPANTS = Number(process.env.REPLAY_PARTICIPANTS ?? 50_000);
const SMALL_EVENTS = Number(process.env.REPLAY_SMALL_EVENTS ?? 10_000);
const SMALL_PARTICIPANTS = Number(process.env.REPLAY_SMALL_PARTICIPANTS ?? 500);
const SEED = Number(process.env.REPLAY_SEED ?? 20261203);
const JOURNEY_SAMPLES = Number(process.env.REPLAY_JOURNEY_SAMPLES ?? 300);
const SUMMARY_SAMPLES = Number(process.env.REPLAY_SUMMARY_SAMPLES ?? 60);
const WARMUPS = 10;
const SCAN_PAGE = 5000;
const LOAD_BATCH = 5000;
const TARGETS = { rebuildOfScan: 0.3, rebuildPerS: 50_000, journeyP99Ms: 20, summaryP99Ms: 200, journeyScale: 1.5 };

const line = (text) => console.log(text);
const ms = (value) => (value === undefined ? 'na' : value.toFixed(1));
const percentile = (sorted, p) =>
  sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const quantiles = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const url = await ensurePostgres({ quiet: true });
process.env.DATABASE_URL = url;
const apps = [];
let failed = false;
const results = {};
try {
  line(
    `Replay benchmark — ${EVENTS} events over ${PARTICIPANTS} participants, and ${SMALL_EVENTS} over ${SMALL_PARTICIPANTS}; seed ${SEED}`,
  );
  line(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}`);
  const db = new pg.Pool({ connectionString: url, max: 1 });
  line(`PostgreSQL ${(await db.query('SHOW server_version')).rows[0].server_version}`);
  await db.end();
  results.large = await runAt('large', EVENTS, PARTICIPANTS, SEED);
  results.small = await runAt('small', SMALL_EVENTS, SMALL_PARTICIPANTS, SEED + 1);
} catch (error) {
  failed = true;
  console.error(`benchmark failed: ${error?.stack ?? error}`);
} finally {
  for (const app of apps.splice(0)) await app.close().catch((e) => console.error(`closing failed: ${e?.message ?? e}`));
  await stopPostgres();
}

if (results.large && results.small) {
  const { large: L, small: S } = results;
  const ratio = L.rebuildPerS / L.scanPerS;
  const scale = L.journey.p99 / S.journey.p99;
  line('');
  line(
    `rebuild ${L.rebuildPerS} events/s = ${(ratio * 100).toFixed(1)}% of the raw scan's ${L.scanPerS} events/s ` +
      `(targets >= ${TARGETS.rebuildOfScan * 100}% and >= ${TARGETS.rebuildPerS} events/s)`,
  );
  line(
    `journey p99 ${ms(L.journey.p99)} ms at ${L.events} events, ${ms(S.journey.p99)} ms at ${S.events} (×${scale.toFixed(2)}, target <= ${TARGETS.journeyScale}; < ${TARGETS.journeyP99Ms} ms); ` +
      `summary p99 ${ms(L.summary.p99)} ms at ${L.events} events (target < ${TARGETS.summaryP99Ms} ms)`,
  );
  const summary = {
    events: L.events,
    participants: PARTICIPANTS,
    scan_events_per_s: L.scanPerS,
    rebuild_events_per_s: L.rebuildPerS,
    rebuild_s: L.rebuildS.toFixed(1),
    rebuild_of_scan: ratio.toFixed(3),
    journey_p50_ms: ms(L.journey.p50),
    journey_p99_ms: ms(L.journey.p99),
    summary_p50_ms: ms(L.summary.p50),
    summary_p99_ms: ms(L.summary.p99),
    small_events: S.events,
    small_scan_events_per_s: S.scanPerS,
    small_rebuild_events_per_s: S.rebuildPerS,
    small_journey_p50_ms: ms(S.journey.p50),
    small_journey_p99_ms: ms(S.journey.p99),
    small_summary_p50_ms: ms(S.summary.p50),
    small_summary_p99_ms: ms(S.summary.p99),
    journey_p99_ratio: scale.toFixed(2),
    cpus: cpus().length,
    load1: loadavg()[0].toFixed(2),
    met_rebuild_30pct_of_scan: ratio >= TARGETS.rebuildOfScan ? 'yes' : 'no',
    met_rebuild_50k_per_s: L.rebuildPerS >= TARGETS.rebuildPerS ? 'yes' : 'no',
    met_journey_p99_20ms: L.journey.p99 < TARGETS.journeyP99Ms ? 'yes' : 'no',
    met_summary_p99_200ms: L.summary.p99 < TARGETS.summaryP99Ms ? 'yes' : 'no',
    met_journey_scales_1_5x: scale <= TARGETS.journeyScale ? 'yes' : 'no',
  };
  line(
    Object.entries(summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------- one size
async function runAt(label, events, participants, seed) {
  line('');
  line(`[${label}] generating ${events} events over ${participants} participants`);
  let started = performance.now();
  const history = generateHistory({ events, participants, seed });
  const generatedS = (performance.now() - started) / 1000;
  line(
    `  ${history.rows.length} events (${history.byType.size} type versions) in ${generatedS.toFixed(1)} s, ` +
      `every one valid (assertValidIntegrationEvent: ${(history.validateMs / 1000).toFixed(1)} s); jurisdictions ${history.jurisdictions.join(', ')}`,
  );
  line(
    `  ${[...history.byType]
      .sort(([, a], [, b]) => b - a)
      .map(([type, n]) => `${type.replace(/^lead\./, '')} ${n}`)
      .join(', ')}`,
  );

  // The service as the tests start it: its migrations create program_log and program_facts in its own schema.
  const schemaSuffix = `${label}_${process.pid}_${Date.now().toString(36)}`;
  const app = await startServiceApp(ReportingModule, {
    label: `replay-${label}`,
    env: {
      DATABASE_URL: url,
      DATABASE_SCHEMA: `bench_replay_${schemaSuffix}`,
      EVENT_STORE_SCHEMA: `bench_replay_es_${schemaSuffix}`,
      KEY_STORE_SCHEMA: `bench_replay_keys_${schemaSuffix}`,
      LOG_LEVEL: 'warn',
    },
  });
  apps.push(app);
  const schema = app.env.DATABASE_SCHEMA;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    started = performance.now();
    const sealed = await sealDemographics(app, history.rows);
    if (sealed > 0)
      line(
        `  ${sealed} demographics sealed with their participants' keys in the service's key store in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    started = performance.now();
    await loadLog(pool, schema, history.rows);
    await pool.query(`VACUUM ANALYZE "${schema}".program_log`);
    const { rows: size } = await pool.query(
      `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('"${schema}".program_log')) AS size FROM "${schema}".program_log`,
    );
    line(
      `  loaded into ${schema}.program_log in ${((performance.now() - started) / 1000).toFixed(1)} s: ${size[0].n} rows, ${size[0].size} (vacuumed, analyzed)`,
    );
    if (size[0].n !== history.rows.length) throw new Error(`program_log holds ${size[0].n} rows`);
    const people = history.people;
    history.rows.length = 0;

    // (1) the raw scan, once to warm the cache (as a rebuild right after a restart would not be), then measured.
    await scan(pool, schema);
    const scanned = await scan(pool, schema);
    const scanPerS = Math.round(scanned.rows / scanned.seconds);
    line(`  (1) raw scan: ${scanned.rows} rows in ${scanned.seconds.toFixed(2)} s = ${scanPerS} events/s`);

    // (2) the service's rebuild over the whole log.
    const rebuild = app.app.get(ProgramFactsRebuild);
    started = performance.now();
    const rebuilt = await rebuild.run();
    const rebuildS = (performance.now() - started) / 1000;
    const rebuildPerS = Math.round(rebuilt.events / rebuildS);
    const { rows: facts } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".program_facts`);
    line(
      `  (2) rebuild: ${rebuilt.events} events in ${rebuildS.toFixed(2)} s = ${rebuildPerS} events/s ` +
        `(${((rebuildPerS / scanPerS) * 100).toFixed(1)}% of the scan); ${facts[0].n} facts; ` +
        `load ${rebuilt.phases.loadS.toFixed(1)} s, key and indexes ${rebuilt.phases.indexS.toFixed(1)} s, ` +
        `switch ${rebuilt.phases.switchS.toFixed(1)} s`,
    );
    if (facts[0].n !== scanned.rows) throw new Error(`the rebuild left ${facts[0].n} facts for ${scanned.rows} events`);

    // (3) the queries, as of now, on random participants and random jurisdiction × quarter.
    const rng = mulberry(seed ^ 0x5eed);
    const now = new Date();
    const journeys = app.app.get(ParticipantJourneyHandler);
    const journeySamples = [];
    let steps = 0;
    for (let i = 0; i < WARMUPS + JOURNEY_SAMPLES; i++) {
      const person = people[Math.floor(rng() * people.length)];
      const t0 = performance.now();
      const journey = await journeys.execute(
        new ParticipantJourneyQuery(person.participantId, [person.jurisdiction], now),
      );
      const elapsed = performance.now() - t0;
      if (journey.steps.length === 0) throw new Error(`participant ${person.participantId} has no steps`);
      if (i >= WARMUPS) {
        journeySamples.push(elapsed);
        steps += journey.steps.length;
      }
    }
    const journey = quantiles(journeySamples);
    line(
      `  (3) journey: ${JOURNEY_SAMPLES} participants (${(steps / JOURNEY_SAMPLES).toFixed(1)} steps each): ` +
        `p50 ${ms(journey.p50)} ms  p99 ${ms(journey.p99)} ms  max ${ms(journey.max)} ms`,
    );
    const quarters = [];
    for (let year = new Date(HISTORY_START).getUTCFullYear(); year <= new Date(HISTORY_END).getUTCFullYear(); year++)
      for (let q = 1; q <= 4; q++) {
        const period = reportingPeriod(`${year}-Q${q}`);
        if (Date.parse(`${period.endDay}T00:00:00Z`) <= HISTORY_END) quarters.push(period);
      }
    const report = app.app.get(ProgramReportHandler);
    const summarySamples = [];
    let referrals = 0;
    for (let i = 0; i < WARMUPS + SUMMARY_SAMPLES; i++) {
      const jurisdiction = history.jurisdictions[Math.floor(rng() * history.jurisdictions.length)];
      const period = quarters[Math.floor(rng() * quarters.length)];
      const t0 = performance.now();
      const answer = await report.execute(new ProgramReportQuery({ jurisdiction, period, asOf: now, suppress: false }));
      const elapsed = performance.now() - t0;
      if (i >= WARMUPS) {
        summarySamples.push(elapsed);
        referrals += referralCount(answer);
      }
    }
    const summary = quantiles(summarySamples);
    line(
      `      summary: ${SUMMARY_SAMPLES} jurisdiction × quarter reports (of ${quarters.length} quarters; ${(referrals / SUMMARY_SAMPLES).toFixed(0)} referrals each): ` +
        `p50 ${ms(summary.p50)} ms  p99 ${ms(summary.p99)} ms  max ${ms(summary.max)} ms`,
    );
    return { events: scanned.rows, scanPerS, rebuildPerS, rebuildS, journey, summary };
  } finally {
    await pool.end();
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }
}

/**
 * Seals each lead.case.demographics-recorded value with its participant's data key, in the key store the service
 * opens it from (as case management seals it at intake), when this build of the service opens them; returns how many.
 */
async function sealDemographics(app, rows) {
  let cipher;
  try {
    cipher = app.app.get(PersonalDataCipher, { strict: false });
  } catch {
    return 0;
  }
  const pending = rows.filter((row) => row.length > 12);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < pending.length) {
        const row = pending[next++];
        const participantId = row[8];
        const data = { ...JSON.parse(row[11]), demographics: await cipher.seal(participantId, row[12]) };
        const event = {
          id: row[0],
          type: row[2],
          schemaVersion: row[3],
          source: row[4],
          time: row[5],
          participantId,
          jurisdiction: row[7],
          correlationId: row[9],
          causationId: row[10],
          data,
        };
        assertValidIntegrationEvent(event, row[1]);
        row[11] = JSON.stringify(data);
        row.length = 12;
      }
    }),
  );
  return pending.length;
}

/** Writes the rows into program_log in their order (positions follow it), LOAD_BATCH rows a statement. */
async function loadLog(pool, schema, rows) {
  const types = [
    'uuid',
    'text',
    'text',
    'int',
    'text',
    'timestamptz',
    'timestamptz',
    'text',
    'uuid',
    'text',
    'text',
    'jsonb',
  ];
  const sql = `INSERT INTO "${schema}".program_log
      (event_id, topic, type, schema_version, source, recorded_at, received_at, jurisdiction, participant_id,
       correlation_id, causation_id, data)
    SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  for (let from = 0; from < rows.length; from += LOAD_BATCH) {
    const columns = types.map(() => []);
    for (const row of rows.slice(from, from + LOAD_BATCH))
      for (let i = 0; i < types.length; i++) columns[i].push(row[i]);
    await pool.query(sql, columns);
  }
}

/** Every row of program_log, as the rebuild selects it, through a server-side cursor in pages. */
async function scan(pool, schema) {
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN READ ONLY');
    await client.query(
      `DECLARE replay_scan NO SCROLL CURSOR FOR
         SELECT log_position, event_id, type, schema_version, source, recorded_at, jurisdiction, participant_id,
                correlation_id, causation_id, data
           FROM "${schema}".program_log ORDER BY log_position`,
    );
    let rows = 0;
    let check = 0;
    for (;;) {
      const page = await client.query(`FETCH ${SCAN_PAGE} FROM replay_scan`);
      if (page.rows.length === 0) break;
      rows += page.rows.length;
      // Touch what was parsed, so none of it is dead work.
      for (const row of page.rows) check += row.recorded_at.getTime() > 0 && row.data ? 1 : 0;
    }
    await client.query('COMMIT');
    if (check !== rows) throw new Error('the scan parsed rows without a timestamp or data');
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

/** The report's referral total (a count, or withheld as null). */
function referralCount(report) {
  const total = report.referrals.total;
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

function mulberry(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
