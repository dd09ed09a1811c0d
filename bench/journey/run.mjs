// npm run bench:journey — JOURNEY_PARTICIPANTS participants (1000) driven through the three services, on the embedded
// bus and then on Kafka (librdkafka's mock broker, infra/kafka-mock): referral recorded and handed off in the field →
// the prosecutor's eligibility decision → the case opened from the accepted referral → case manager assigned →
// intake → consent → entry assessment → a goal → 10 contacts → exit. JOURNEY_CONCURRENCY (50) participants at a time,
// each one's steps one after the other, as the people working it would.
// The services run as separate processes (node apps/<service>/dist/main.js, LOG_LEVEL=warn, EVENT_STORE=postgres)
// sharing one event-store schema, as one deployment's services do; fresh schemas, dropped at the end.
// Measured, from a command's 2xx to its effect where it shows (wall clock of this process):
//   matter:      referral recorded → the prosecution matter with the officer's screening (prosecutor's GET; polled)
//   case:        eligibility decision → the case readable by the provider's supervisor (GET; polled), two hops
//                (prosecution → referrals accepts → case management opens)
//   opened event: eligibility decision → lead.case.opened handled by an integrator's consumer on lead.cases.v1 in
//                this process (the bus's own consumer, inbox and contract check included; pushed)
//   case events: each later case command → its integration event at that integrator (pushed)
// Polls back off 1, 2, 4, 8, then every 10 ms, every 50 ms after 250 ms: a polled figure is late by up to that much.
// Checked: every answer as expected (any other is an error), the assigned case manager reads the case, the officer's
// participation status is 200 after the consent and 404 after the exit, each participant has exactly one case
// (one CaseOpened), every expected case event reached the integrator, no service has a dead letter.
// Targets: effect p99 < 100 ms on the embedded bus, < 250 ms on Kafka (every effect measured, all three kinds).
// The last line is a `name=value` summary. Environment: JOURNEY_PARTICIPANTS (1000), JOURNEY_CONCURRENCY (50),
// JOURNEY_WARMUP (5, not measured), JOURNEY_BUSES (embedded,kafka), JOURNEY_CONTACTS (10), LOG_LEVEL (warn).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AccessSettings, TokenSigner } from '@lead/access';
import { assertValidIntegrationEvent, TOPICS } from '@lead/contracts';
import { deriveEventId, PostgresEventStore } from '@lead/event-store';
import { EmbeddedConsumer, KafkaConsumer, KafkajsClient, migrateMessaging } from '@lead/messaging';
import { loadConfig } from '@lead/platform';
import { startKafkaMock } from '../../infra/kafka-mock/kafka-mock.mjs';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';
import { startServiceProcess } from '../service-process.mjs';

const PARTICIPANTS = Number(process.env.JOURNEY_PARTICIPANTS ?? 1000);
const CONCURRENCY = Number(process.env.JOURNEY_CONCURRENCY ?? 50);
const WARMUP = Number(process.env.JOURNEY_WARMUP ?? 5);
const CONTACTS = Number(process.env.JOURNEY_CONTACTS ?? 10);
const BUSES = (process.env.JOURNEY_BUSES ?? 'embedded,kafka').split(',');
const LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
const TARGET_P99_MS = { embedded: 100, kafka: 250 };
const FETCH_MAX_WAIT_MS = 10;
const PARTITIONS = 6;
const CASE_MANAGERS = 20;
const CASE_WORK = { 'x-purpose-of-use': 'case-management' };
const COORDINATION = { 'x-purpose-of-use': 'care-coordination' };
const ENTRY_ANSWERS = {
  'prior-living-situation': '116',
  'current-living-situation': '116',
  'income-from-any-source': '0',
  'non-cash-benefits': '1',
  'health-insurance': '1',
  'physical-disability': '0',
  'developmental-disability': '0',
  'chronic-health-condition': '1',
  'mental-health-disorder': '1',
  'substance-use-disorder': '2',
};
const GIVEN = ['Marisol', 'James', 'Aaliyah', 'Diego', 'Keisha', 'Tomás', 'Emily', 'DeShawn', 'Mai', 'Robert'];
const FAMILY = ['Vega', 'Johnson', 'Nguyen', 'García', 'Williams', 'Begay', 'Okafor', 'Yazzie', 'Kowalski', 'Rivera'];

const line = (text) => console.log(text);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const ms = (value) => (value === undefined ? 'na' : value.toFixed(1));
const percentile = (sorted, p) =>
  sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const url = await ensurePostgres({ quiet: true });
const pool = new pg.Pool({ connectionString: url, max: 4 });
const runId = randomBytes(4).toString('hex');
const logDir = path.join(tmpdir(), `lead-bench-journey-${runId}`);
mkdirSync(logDir, { recursive: true });
const settings = loadConfig(AccessSettings, { ...process.env, DATABASE_URL: url });
const signer = TokenSigner.development();
const sign = (role, subject, agency, jurisdictions = ['denver']) =>
  signer.sign({ subject, agency, roles: [role], jurisdictions }, TokenSigner.optionsFor(settings));

let failed = false;
const results = [];
const cleanups = [];
// Ctrl-C or a SIGTERM still stops the service processes and the broker and drops the schemas.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`${signal}: stopping the services and dropping the schemas`);
    await runCleanups();
    await pool.end().catch(() => {});
    await stopPostgres();
    process.exit(130);
  });
}
async function runCleanups() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      console.error(`cleanup failed: ${error?.message ?? error}`);
    }
  }
}
try {
  line(
    `Participant journey benchmark — ${PARTICIPANTS} participants, ${CONCURRENCY} at a time (after ${WARMUP} warm-up ones), ${CONTACTS} contacts each, BUS=${BUSES.join(' then ')}`,
  );
  line(
    `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}; the three services, PostgreSQL${BUSES.includes('kafka') ? ', the mock broker' : ''} and this load generator share them`,
  );
  for (const bus of BUSES) {
    const result = await runOnBus(bus);
    results.push(result);
    if (result.errors > 0 || !result.checksPassed) failed = true;
  }
} catch (error) {
  failed = true;
  console.error(`benchmark failed: ${error?.stack ?? error}`);
} finally {
  await runCleanups();
  await pool.end();
  await stopPostgres();
  if (failed) console.error(`service logs kept: ${logDir}`);
  else rmSync(logDir, { recursive: true, force: true });
}

if (results.length > 0) {
  const summary = { participants: PARTICIPANTS, concurrency: CONCURRENCY, contacts: CONTACTS };
  for (const r of results) {
    Object.assign(summary, {
      [`${r.bus}_total_s`]: (r.totalMs / 1000).toFixed(1),
      [`${r.bus}_participants_per_s`]: r.participantsPerS.toFixed(1),
      [`${r.bus}_events_per_s`]: Math.round(r.eventsPerS),
      [`${r.bus}_requests_per_s`]: Math.round(r.requestsPerS),
      [`${r.bus}_matter_p50_ms`]: ms(r.matter.p50),
      [`${r.bus}_matter_p99_ms`]: ms(r.matter.p99),
      [`${r.bus}_case_p50_ms`]: ms(r.opened.p50),
      [`${r.bus}_case_p99_ms`]: ms(r.opened.p99),
      [`${r.bus}_opened_event_p50_ms`]: ms(r.openedEvents.p50),
      [`${r.bus}_opened_event_p99_ms`]: ms(r.openedEvents.p99),
      [`${r.bus}_case_events_p50_ms`]: ms(r.caseEvents.p50),
      [`${r.bus}_case_events_p99_ms`]: ms(r.caseEvents.p99),
      [`${r.bus}_effect_p99_ms`]: ms(r.effectP99),
      [`${r.bus}_errors`]: r.errors,
      [`${r.bus}_one_case_each`]: r.oneCaseEach ? 'yes' : 'no',
    });
  }
  summary.cpus = cpus().length;
  summary.load1 = loadavg()[0].toFixed(2);
  for (const r of results) summary[`met_${r.bus}_effect_p99_${TARGET_P99_MS[r.bus]}ms`] = r.met ? 'yes' : 'no';
  summary.met_no_errors = results.every((r) => r.errors === 0 && r.checksPassed) ? 'yes' : 'no';
  line(
    Object.entries(summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  );
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------- one bus
async function runOnBus(bus) {
  const suffix = `${runId}_${bus}`;
  const shared = {
    DATABASE_URL: url,
    EVENT_STORE: 'postgres',
    EVENT_STORE_SCHEMA: `bench_journey_es_${suffix}`,
    KEY_STORE_SCHEMA: `bench_journey_keys_${suffix}`,
    LOG_LEVEL,
    BUS: bus,
  };
  let broker;
  if (bus === 'kafka') {
    // The standard topics and their dead-letter topics, created as the broker starts (the mock has no CreateTopics).
    broker = await startKafkaMock({ partitions: PARTITIONS });
    cleanups.push(() => broker.stop());
    Object.assign(shared, { KAFKA_BROKERS: broker.bootstrap, KAFKA_FETCH_MAX_WAIT_MS: String(FETCH_MAX_WAIT_MS) });
  }
  const schemas = [shared.EVENT_STORE_SCHEMA, shared.KEY_STORE_SCHEMA];
  const integratorSchema = `bench_journey_integrator_${suffix}`;
  schemas.push(integratorSchema);
  cleanups.push(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  const services = {};
  // One after the other: the first migrates the shared event store.
  for (const [name, app] of [
    ['referrals', 'referrals'],
    ['prosecution', 'prosecution'],
    ['cases', 'case-management'],
  ]) {
    const schema = `bench_journey_${name}_${suffix}`;
    schemas.push(schema);
    const service = await startServiceProcess({
      app,
      env: { ...shared, DATABASE_SCHEMA: schema },
      logFile: path.join(logDir, `${bus}-${app}.log`),
    });
    service.schema = schema;
    services[name] = service;
    cleanups.push(() => service.stop());
  }

  // The integrator: a consumer of lead.cases.v1 in this process, on the bus's own consumer (inbox, contract check).
  const arrivals = new Map();
  const ordinals = new Map();
  let malformed = 0;
  const definition = {
    group: 'bench.integrator',
    topics: [TOPICS.cases],
    handle: async (event) => {
      const at = now();
      const caseId = event.data?.caseId;
      const key = `${caseId}|${event.type}`;
      const n = (ordinals.get(key) ?? 0) + 1;
      ordinals.set(key, n);
      arrivals.set(`${key}|${n}`, at);
      const text = JSON.stringify(event.data);
      if (/\$sealed|Marisol|Get my ID|answers/.test(text)) malformed++;
    },
  };
  await migrateMessaging(pool, integratorSchema);
  let integrator;
  if (bus === 'kafka') {
    const client = new KafkajsClient({
      brokers: broker.bootstrap.split(','),
      clientId: 'bench-integrator',
      fetchMaxWaitMs: FETCH_MAX_WAIT_MS,
    });
    integrator = new KafkaConsumer({
      definition,
      client,
      pool,
      schema: integratorSchema,
      validate: assertValidIntegrationEvent,
      partitionsConcurrently: PARTITIONS,
    });
    cleanups.push(() => client.close());
  } else {
    const store = await PostgresEventStore.create({ pool, schema: shared.EVENT_STORE_SCHEMA });
    integrator = new EmbeddedConsumer({
      definition,
      store,
      pool,
      schema: integratorSchema,
      validate: assertValidIntegrationEvent,
    });
    cleanups.push(() => store.close());
  }
  await integrator.start();
  let integratorStopped = false;
  const stopIntegrator = async () => {
    if (!integratorStopped) await integrator.stop();
    integratorStopped = true;
  };
  cleanups.push(stopIntegrator);

  const tokens = {
    officer: await sign('officer', 'bench-dpd-1', 'DPD'),
    prosecutor: await sign('prosecutor', 'bench-dda-1', 'DDA'),
    supervisor: await sign('supervisor', 'bench-arts-sup', 'ARTS'),
    caseManagers: await Promise.all(
      Array.from({ length: CASE_MANAGERS }, (_, i) => sign('case_manager', `bench-arts-cm-${i + 1}`, 'ARTS')),
    ),
  };
  const client = httpClient();
  cleanups.push(() => client.close());

  const figures = { matter: [], opened: [], openedEvents: [], caseEvents: [], expected: [], errors: [], requests: 0 };
  // Warm-up participants: not measured, but they wait out the consumers' first fetches and, on Kafka, the mock's
  // fixed 3 s rebalance delay as the groups join.
  const warm = { matter: [], opened: [], openedEvents: [], caseEvents: [], expected: [], errors: [], requests: 0 };
  const warmStarted = now();
  await pooled(WARMUP, Math.min(WARMUP, CONCURRENCY), (i) => journey(PARTICIPANTS + i, services, tokens, client, warm));
  await waitFor(() => warm.expected.every((e) => arrivals.has(e.key)), 'the warm-up case events', 60_000);
  if (warm.errors.length > 0) throw new Error(`the warm-up failed: ${warm.errors.slice(0, 5).join('; ')}`);
  line(`  [${bus}] services up; ${WARMUP} warm-up participants in ${((now() - warmStarted) / 1000).toFixed(1)} s`);

  const eventsBefore = await domainEvents(shared.EVENT_STORE_SCHEMA);
  const cpuBefore = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.cpuMs()]));
  const started = now();
  await pooled(PARTICIPANTS, CONCURRENCY, (i) => journey(i, services, tokens, client, figures));
  const totalMs = now() - started;
  const cpuAfter = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.cpuMs()]));
  const events = (await domainEvents(shared.EVENT_STORE_SCHEMA)) - eventsBefore;
  // Every case event a command caused reaches the integrator; its latency counts from the command's answer.
  const missing = () => figures.expected.filter((e) => !arrivals.has(e.key));
  const drained = await waitFor(() => missing().length === 0, 'the case events to reach the integrator', 60_000).then(
    () => true,
    () => false,
  );
  // lead.case.opened counts from the decision (two hops before the case exists), the others from their command.
  for (const e of figures.expected) {
    if (!arrivals.has(e.key)) continue;
    const latency = Math.max(0, arrivals.get(e.key) - e.sentAt);
    (e.key.includes('|lead.case.opened|') ? figures.openedEvents : figures.caseEvents).push(latency);
  }

  // Checks against the stores.
  const checks = [];
  const cases = await pool.query(
    `SELECT metadata->>'participantId' AS participant, count(*)::int AS n FROM "${shared.EVENT_STORE_SCHEMA}".events
      WHERE event_type = 'CaseOpened' GROUP BY 1`,
  );
  const measuredParticipants = new Set(figures.participants ?? []);
  const caseCounts = new Map(cases.rows.map((r) => [r.participant, r.n]));
  const withOneCase = [...measuredParticipants].filter((p) => caseCounts.get(p) === 1).length;
  const oneCaseEach = measuredParticipants.size === PARTICIPANTS && withOneCase === PARTICIPANTS;
  checks.push([
    'one case per participant',
    oneCaseEach,
    `${withOneCase} of ${PARTICIPANTS} with exactly one CaseOpened (${measuredParticipants.size} journeys reached the case)`,
  ]);
  checks.push([
    'case events at the integrator',
    drained && malformed === 0,
    `${figures.expected.length - missing().length} of ${figures.expected.length} arrived, ${malformed} carrying personal or clinical values`,
  ]);
  for (const [name, service] of Object.entries(services)) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${service.schema}".dead_letters WHERE resolved_at IS NULL`,
    );
    checks.push([`${name} dead letters`, rows[0].n === 0, `${rows[0].n}`]);
  }
  const integratorDead = await pool.query(
    `SELECT count(*)::int AS n FROM "${integratorSchema}".dead_letters WHERE resolved_at IS NULL`,
  );
  checks.push(['integrator dead letters', integratorDead.rows[0].n === 0, `${integratorDead.rows[0].n}`]);

  // Where the decision → case time goes, hop by hop, from when each service appended (the shared store's
  // recorded_at): prosecution's EligibilityDecided → referrals' ReferralAccepted → case management's CaseOpened.
  const hops = await pool.query(
    `WITH firsts AS (
       SELECT metadata->>'participantId' AS p, event_type, min(recorded_at) AS t FROM "${shared.EVENT_STORE_SCHEMA}".events
        WHERE event_type IN ('EligibilityDecided', 'ReferralAccepted', 'CaseOpened') GROUP BY 1, 2),
     pairs AS (
       SELECT 'decided→accepted' AS hop, extract(epoch FROM a.t - d.t) * 1000 AS ms FROM firsts d
         JOIN firsts a ON a.p = d.p AND a.event_type = 'ReferralAccepted' WHERE d.event_type = 'EligibilityDecided'
       UNION ALL
       SELECT 'accepted→opened', extract(epoch FROM o.t - a.t) * 1000 FROM firsts a
         JOIN firsts o ON o.p = a.p AND o.event_type = 'CaseOpened' WHERE a.event_type = 'ReferralAccepted')
     SELECT hop, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, count(*)::int AS n
       FROM pairs GROUP BY hop ORDER BY hop DESC`,
  );
  const stat = (list) => {
    const sorted = Float64Array.from(list).sort();
    return {
      count: sorted.length,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
      // The event store's fallback poll is 1000 ms: a share this slow points at a missed wake-up, not at load.
      over900: sorted.filter((v) => v >= 900).length,
    };
  };
  const matter = stat(figures.matter);
  const opened = stat(figures.opened);
  const caseEvents = stat(figures.caseEvents);
  const openedEvents = stat(figures.openedEvents);
  const effect = stat([...figures.matter, ...figures.opened, ...figures.openedEvents, ...figures.caseEvents]);
  const met = effect.p99 !== undefined && effect.p99 < TARGET_P99_MS[bus] && figures.errors.length === 0;
  const cpu = Object.keys(services)
    .map((name) =>
      cpuBefore[name] === undefined
        ? `${name} na`
        : `${name} ${((cpuAfter[name] - cpuBefore[name]) / 1000).toFixed(1)} s`,
    )
    .join(', ');
  line(
    `  [${bus}] ${PARTICIPANTS} journeys in ${(totalMs / 1000).toFixed(1)} s: ${(PARTICIPANTS / (totalMs / 1000)).toFixed(1)} participants/s, ${Math.round(events / (totalMs / 1000))} events/s (${events} events appended), ${Math.round(figures.requests / (totalMs / 1000))} requests/s (${figures.requests}, ${client.resets()} sent again after a keep-alive reset); service CPU ${cpu}`,
  );
  const describe = (name, s, how) =>
    line(
      `  [${bus}] ${name.padEnd(12)} p50 ${ms(s.p50).padStart(6)} ms  p90 ${ms(s.p90).padStart(6)} ms  p99 ${ms(s.p99).padStart(6)} ms  max ${ms(s.max).padStart(6)} ms  ${String(s.over900).padStart(5)} ≥ 900 ms  (${s.count}; ${how})`,
    );
  describe('matter', matter, 'referral recorded → prosecution matter with the screening, polled');
  describe('case', opened, 'eligibility decision → case readable by the supervisor, polled');
  describe('opened event', openedEvents, 'eligibility decision → lead.case.opened at the integrator, pushed');
  describe('case events', caseEvents, 'case command → its event at the lead.cases.v1 integrator, pushed');
  for (const hop of hops.rows)
    line(
      `  [${bus}]   hop ${hop.hop.padEnd(17)} p50 ${ms(hop.p50).padStart(6)} ms  p99 ${ms(hop.p99).padStart(6)} ms  (${hop.n}; append to append in the store)`,
    );
  line(
    `  [${bus}] target effect p99 < ${TARGET_P99_MS[bus]} ms: ${met ? 'met' : 'MISSED'} (all effects: p99 ${ms(effect.p99)} ms over ${effect.count})`,
  );
  for (const [name, ok, detail] of checks) line(`  [${bus}] check ${name}: ${ok ? 'ok' : 'FAILED'} (${detail})`);
  if (figures.errors.length > 0)
    line(`  [${bus}] FAILED: ${figures.errors.length} errors; the first: ${figures.errors.slice(0, 5).join(' | ')}`);

  // This bus's processes stop before the next bus starts its own.
  for (const service of Object.values(services)) await service.stop();
  await stopIntegrator();
  return {
    bus,
    totalMs,
    participantsPerS: PARTICIPANTS / (totalMs / 1000),
    eventsPerS: events / (totalMs / 1000),
    requestsPerS: figures.requests / (totalMs / 1000),
    matter,
    opened,
    caseEvents,
    openedEvents,
    effectP99: effect.p99,
    errors: figures.errors.length,
    oneCaseEach,
    checksPassed: checks.every(([, ok]) => ok),
    met,
  };
}

/** Domain events in the shared store (the embedded bus's topic logs are streams `topic-…` of the same store). */
async function domainEvents(schema) {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id NOT LIKE 'topic-%'`,
  );
  return rows[0].n;
}

// ---------------------------------------------------------------------------------------------- one participant
/** One participant from the street to the exit. Any unexpected answer ends the journey and is counted. */
async function journey(i, services, tokens, client, figures) {
  const { referrals, prosecution, cases } = services;
  const caseManagerIndex = i % CASE_MANAGERS;
  const caseManager = tokens.caseManagers[caseManagerIndex];
  const call = async (service, method, route, token, body, headers, expected) => {
    figures.requests++;
    const keyed = method === 'POST' ? { 'idempotency-key': randomBytes(16).toString('hex'), ...headers } : headers;
    const answer = await client.send(service.base, method, route, token, body, keyed);
    if (expected !== undefined && answer.status !== expected)
      throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer;
  };
  // Every 10 ms at most while the target is in reach, every 50 ms after 250 ms: a backlog polled at 10 ms by 50
  // journeys would load the services it measures.
  const poll = async (what, probe) => {
    const started = now();
    for (let attempt = 0, wait = 1; ; attempt++) {
      const answer = await probe();
      if (answer) return answer;
      if (now() - started > 120_000) throw new Error(`${what}: not visible after ${attempt} polls in 120 s`);
      await sleep(wait);
      wait = Math.min(now() - started < 250 ? 10 : 50, wait * 2);
    }
  };
  try {
    const t0 = Date.now();
    const at = (minutesAgo) => new Date(t0 - minutesAgo * 60_000).toISOString();
    const person = {
      givenName: GIVEN[i % GIVEN.length],
      familyName: `${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}-${i}`,
      dateOfBirth: new Date(Date.UTC(1950, 0, 1) + (i % 20_000) * 86_400_000).toISOString().slice(0, 10),
      address: `${100 + (i % 9000)} Colfax Ave, Denver`,
      phone: `720-555-${String(i % 10_000).padStart(4, '0')}`,
    };
    const recorded = await call(
      referrals,
      'POST',
      '/v1/referrals',
      tokens.officer,
      {
        door: 'arrest_diversion',
        jurisdiction: 'denver',
        district: '6',
        referredAt: at(60),
        area: 'D6-CAPITOL-HILL',
        offense: { code: 'CO-18-18-403.5', probableCause: 'Observed holding a baggie of white powder on Colfax Ave' },
        person,
        screening: {
          drugQuantity: { form: 'powder', grams: 1 },
          deliveryForProfit: false,
          exploitingMinors: false,
          promotingProstitution: false,
          violentHistory: [],
          activeProtectiveOrder: false,
          pendingTreatmentCourtCase: false,
          amenable: true,
        },
      },
      {},
      201,
    );
    const recordedAt = now();
    const { referralId, participantId } = recorded.body;
    const step = (token, route, body) =>
      call(referrals, 'POST', `/v1/referrals/${referralId}/${route}`, token, body, {}, 200);
    // The matter opens from the referral's events while the officer works the hand-off.
    const matterSeen = poll(`the matter of referral ${referralId}`, async () => {
      const answer = await call(prosecution, 'GET', `/v1/referrals/${referralId}/matter`, tokens.prosecutor);
      if (answer.status === 200 && answer.body.officerScreening) return { answer, at: now() };
      if (answer.status !== 404 && answer.status !== 200) throw new Error(`matter read answered ${answer.status}`);
      return undefined;
    });
    await step(tokens.officer, 'offer-answer', { accepted: true, at: at(55) });
    await step(tokens.officer, 'lead-line-call', { at: at(53) });
    await step(caseManager, 'case-manager-arrival', { at: at(30) });
    await step(tokens.officer, 'custody-relinquished', { at: at(25) });
    const matter = await matterSeen;
    figures.matter.push(matter.at - recordedAt);

    await call(
      prosecution,
      'POST',
      `/v1/matters/${matter.answer.body.matterId}/eligibility-decision`,
      tokens.prosecutor,
      { eligible: true, reasonCode: 'meets_protocol' },
      { 'if-match': matter.answer.etag },
      200,
    );
    const decidedAt = now();
    const caseId = deriveEventId(referralId.toLowerCase(), 'case');
    const expect = (type, sentAt) => {
      const key = `${caseId}|${type}`;
      const n = (figures.counts?.get(key) ?? 0) + 1;
      (figures.counts ??= new Map()).set(key, n);
      figures.expected.push({ key: `${key}|${n}`, sentAt });
    };
    expect('lead.case.opened', decidedAt);
    const caseRoute = `/v1/cases/${caseId}`;
    await poll(`the case of referral ${referralId}`, async () => {
      const answer = await call(cases, 'GET', caseRoute, tokens.supervisor, undefined, CASE_WORK);
      if (answer.status === 200) return true;
      if (answer.status !== 404) throw new Error(`case read answered ${answer.status}`);
      return undefined;
    });
    figures.opened.push(now() - decidedAt);
    (figures.participants ??= []).push(participantId);

    const write = async (route, body, expected, type) => {
      const answer = await call(cases, 'POST', `${caseRoute}/${route}`, caseManager, body, {}, expected);
      if (type) expect(type, now());
      return answer;
    };
    await call(
      cases,
      'POST',
      `${caseRoute}/case-manager`,
      tokens.supervisor,
      { caseManager: `bench-arts-cm-${caseManagerIndex + 1}` },
      {},
      200,
    );
    const read = await call(cases, 'GET', caseRoute, caseManager, undefined, CASE_WORK, 200);
    if (read.body.participantId !== participantId) throw new Error(`case ${caseId} is not ${participantId}'s`);
    const today = new Date().toISOString().slice(0, 10);
    await write(
      'intake',
      {
        completedOn: today,
        place: 'ARTS drop-in centre',
        identity: { name: `${person.givenName} ${person.familyName}`, dateOfBirth: person.dateOfBirth },
        raceEthnicity: ['white'],
        sex: 'female',
      },
      200,
      'lead.case.intake-completed',
    );
    await write(
      'consents',
      {
        recipients: ['DPD', 'DDA'],
        scope: ['participation-status'],
        purpose: 'lead-diversion-coordination',
        signedAt: new Date().toISOString(),
        expiresOn: 'participation-ended',
        rightToRevokeExplained: true,
      },
      201,
      'lead.case.consent-recorded',
    );
    const statusRoute = `/v1/participants/${participantId}/participation-status`;
    await call(cases, 'GET', statusRoute, tokens.officer, undefined, COORDINATION, 200);
    await write(
      'assessments',
      { occasion: 'entry', completedOn: today, answers: ENTRY_ANSWERS },
      201,
      'lead.case.assessment-completed',
    );
    await write(
      'goals',
      { domain: 'identification', wording: 'Get my ID back so I can apply for housing' },
      201,
      'lead.case.plan-updated',
    );
    for (let c = 0; c < CONTACTS; c++) {
      await write(
        'contacts',
        {
          kind: c % 3 === 0 ? 'street_contact' : 'phone',
          successful: c % 4 !== 1,
          contactedAt: new Date().toISOString(),
          durationMinutes: 15,
          note: 'Met at the day shelter; wants help with an ID.',
        },
        201,
        'lead.case.contact-logged',
      );
    }
    await write('exit', { reason: 'transitioned_out', destination: '435' }, 200, 'lead.case.exited');
    await call(cases, 'GET', statusRoute, tokens.officer, undefined, COORDINATION, 404);
  } catch (error) {
    figures.errors.push(`participant ${i}: ${error?.message ?? error}`);
  }
}

// ---------------------------------------------------------------------------------------------- plumbing
/** Runs `work(0..count-1)` with at most `concurrency` in flight. */
async function pooled(count, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function waitFor(probe, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * JSON over keep-alive node:http connections; resolves to status, ETag and parsed body (never rejects on status).
 * A request on a reused connection that the server closed as it was sent (its keep-alive timeout) is sent again
 * once, as Node's documentation advises: every POST carries an Idempotency-Key, so a repeat records nothing twice.
 */
function httpClient() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const send = (base, method, route, token, body, headers = {}, retried = false) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        `${base}${route}`,
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed = {};
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { unparsable: text.slice(0, 200) };
            }
            resolve({ status: response.statusCode, etag: response.headers.etag ?? null, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('error', (error) => {
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') {
          resets++;
          resolve(send(base, method, route, token, body, headers, true));
        } else reject(error);
      });
      request.end(payload);
    });
  let resets = 0;
  return {
    send,
    resets: () => resets,
    close: () => agent.destroy(),
  };
}
