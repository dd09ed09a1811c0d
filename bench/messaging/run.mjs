// npm run bench:messaging — the relay and the consumers on both buses, against real PostgreSQL and, for BUS=kafka,
// librdkafka's mock broker (infra/kafka-mock; no Apache Kafka can be installed on these machines).
//   (1) relay throughput: events/s from the store to the broker's acknowledgement (a backlog of BENCH_EVENTS)
//   (2) consumer throughput with the inbox: messages/s handled (inbox row + effect in one transaction)
//   (3) end-to-end latency from append to the consumer's effect at a steady BENCH_RATE events/s (p50/p95/p99)
// for BUS=kafka and BUS=embedded. The last line is a one-line `name=value` summary to compare run to run.
// The consumers' fetch wait is KAFKA_FETCH_MAX_WAIT_MS=10: the mock broker holds an idle fetch for the whole wait
// even when a record arrives (a real broker answers at once), so a production-like 1000 ms would measure the mock.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { newEventId, PostgresEventStore, comparePositions } from '@lead/event-store';
import {
  EmbeddedConsumer,
  EmbeddedTopicPublisher,
  KafkaConsumer,
  KafkajsClient,
  migrateMessaging,
  Relay,
} from '@lead/messaging';
import { ensurePostgres, stopPostgres } from '../../infra/postgres.mjs';
import { controlCommand, startKafkaMock } from '../../infra/kafka-mock/kafka-mock.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 30_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
const PARTICIPANTS = 200;
const PARTITIONS = 6;
const FETCH_MAX_WAIT_MS = 10;

const line = (text) => console.log(text);
const rate = (n, ms) => Math.round((n * 1000) / ms);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(probe, what, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await sleep(5);
  }
}
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const url = await ensurePostgres({ quiet: true });
const broker = await startKafkaMock({ brokers: 3, partitions: PARTITIONS, topics: [] });
const pool = new pg.Pool({ connectionString: url, max: 24 });
const suffix = randomBytes(4).toString('hex');
const eventStoreSchema = `bench_es_${suffix}`;
const serviceSchema = `bench_svc_${suffix}`;
await pool.query(`CREATE SCHEMA ${eventStoreSchema}`);
await pool.query(`CREATE SCHEMA ${serviceSchema}`);
await migrateMessaging(pool, serviceSchema);
await pool.query(
  `CREATE TABLE ${serviceSchema}.effects (id bigserial PRIMARY KEY, consumer_group text NOT NULL, event_id text NOT NULL, participant_id text NOT NULL)`,
);
const store = await PostgresEventStore.create({ pool, schema: eventStoreSchema, batchSize: 1000 });

const topic = 'lead.bench.v1';
// The mock has no CreateTopics: its control port creates them (as docker-compose's kafka-init does for real Kafka).
for (const t of [topic, `${topic}.dlq`]) {
  if ((await controlCommand(broker.control, `create ${t} ${PARTITIONS}`)) !== 'ok')
    throw new Error(`could not create ${t}`);
}

// The producer's mapper: a referral-like event becomes an integration event keyed by participant.
const participants = Array.from({ length: PARTICIPANTS }, () => newEventId());
const mapper = {
  topic,
  filter: { streamPrefixes: ['benchref-'] },
  map: (event) => ({
    id: event.eventId,
    type: 'lead.referral.accepted',
    schemaVersion: 1,
    source: '/lead/referrals',
    time: event.recordedAt.toISOString(),
    participantId: event.metadata.participantId,
    jurisdiction: 'denver',
    correlationId: event.metadata.correlationId,
    causationId: null,
    data: event.data,
  }),
};
const payload = (participantId, extra = {}) => ({
  door: 'arrest_diversion',
  district: 6,
  offense: { code: 'C.R.S. 18-18-403.5', level: 'DF4' },
  screening: { protocolVersion: 'denver-2024.1', eligible: true },
  participantId,
  ...extra,
});
const eventFor = (participantId, extra) => ({
  eventId: newEventId(),
  type: 'ReferralAccepted',
  schemaVersion: 1,
  data: payload(participantId, extra),
  metadata: { correlationId: newEventId(), participantId, jurisdiction: 'denver' },
});

line(
  `Messaging benchmark — ${EVENTS} events, ${PARTICIPANTS} participants, ${PARTITIONS} partitions, latency at ${RATE} events/s for ${LATENCY_SECONDS} s per bus`,
);
line(
  `PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}; broker: librdkafka mock cluster (3 brokers) at ${broker.bootstrap}; consumer fetch wait ${FETCH_MAX_WAIT_MS} ms`,
);

// The backlog: EVENTS events, 50 per append, spread over the participants' streams.
const loadStarted = Date.now();
let loaded = 0;
// The furthest position appended: the relay is done when it acknowledged this (the store's head, read right after
// the appends, can still be behind it while another transaction in the cluster holds the last events back).
let backlogEnd;
await Promise.all(
  Array.from({ length: 8 }, async (_, writer) => {
    for (let round = 0; loaded < EVENTS; round++) {
      const participantId = participants[(writer + 8 * round) % PARTICIPANTS];
      const count = Math.min(50, EVENTS - loaded);
      loaded += count;
      const { position } = await store.appendToStream(
        `benchref-${participantId}`,
        Array.from({ length: count }, () => eventFor(participantId)),
        'any',
      );
      if (!backlogEnd || comparePositions(position, backlogEnd) > 0) backlogEnd = position;
    }
  }),
);
line(`    backlog of ${EVENTS} events appended in ${Date.now() - loadStarted} ms`);

/** The consumer both buses run: an inbox row and an effect row per message, one transaction; latency if timed. */
const latencies = new Map();
let handled = 0;
let firstHandledAt = 0;
function definition(group) {
  latencies.set(group, []);
  return {
    group,
    topics: [topic],
    handle: async (event, { tx }) => {
      await tx.query(
        `INSERT INTO ${serviceSchema}.effects (consumer_group, event_id, participant_id) VALUES ($1, $2, $3)`,
        [group, event.id, event.participantId],
      );
      if (event.data.sentAt !== undefined) latencies.get(group).push(now() - event.data.sentAt);
      if (handled++ === 0) firstHandledAt = Date.now();
    },
  };
}
const handledBy = async (group) =>
  (await pool.query(`SELECT count(*)::int AS n FROM ${serviceSchema}.effects WHERE consumer_group = $1`, [group]))
    .rows[0].n;

/** Appends at a steady RATE for LATENCY_SECONDS (on a fixed schedule, not one after the other); returns how many. */
async function steadyAppends() {
  const total = RATE * LATENCY_SECONDS;
  const started = now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const participantId = participants[i % PARTICIPANTS];
    pending.push(
      store.appendToStream(`benchref-${participantId}`, [eventFor(participantId, { sentAt: now() })], 'any'),
    );
  }
  await Promise.all(pending);
  return total;
}

function latencyFigures(group) {
  const sorted = [...latencies.get(group)].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}
const ms = (value) => value.toFixed(1);

// ---------------------------------------------------------------------------------------------- BUS=kafka
const kafka = new KafkajsClient({
  brokers: broker.bootstrap.split(','),
  clientId: 'bench',
  fetchMaxWaitMs: FETCH_MAX_WAIT_MS,
});
const relay = new Relay({
  name: 'bench',
  store,
  pool,
  schema: serviceSchema,
  mapper,
  publisher: kafka.publisher(),
  batchSize: 500,
  lagSampleMs: 1000,
});
const relayStarted = Date.now();
relay.start();
await waitFor(
  () => relay.acknowledgedPosition && comparePositions(relay.acknowledgedPosition, backlogEnd) >= 0,
  'the relay to publish the backlog',
);
const relayMs = Date.now() - relayStarted;
const relayRate = rate(EVENTS, relayMs);
line(
  `(1) kafka    relay:    ${relayRate} events/s from store to broker ack (${EVENTS} events in ${relayMs} ms, batches of up to 500)   target >= 5000`,
);

const kafkaGroup = 'bench.kafka';
handled = 0;
const joinStarted = Date.now();
const kafkaConsumer = new KafkaConsumer({
  definition: definition(kafkaGroup),
  client: kafka,
  pool,
  schema: serviceSchema,
  partitionsConcurrently: PARTITIONS,
});
await kafkaConsumer.start();
await waitFor(() => handled > 0, 'the first Kafka message');
const joinMs = firstHandledAt - joinStarted;
await waitFor(async () => (await handledBy(kafkaGroup)) >= EVENTS, 'the Kafka consumer to handle the backlog');
const kafkaConsumeMs = Date.now() - firstHandledAt;
const kafkaConsumeRate = rate(EVENTS, kafkaConsumeMs);
line(
  `(2) kafka    consumer: ${kafkaConsumeRate} messages/s with the inbox (${EVENTS} in ${kafkaConsumeMs} ms after joining the group; join took ${joinMs} ms, the mock's fixed 3 s rebalance delay)`,
);

const sentKafka = await steadyAppends();
await waitFor(async () => (await handledBy(kafkaGroup)) >= EVENTS + sentKafka, 'the Kafka latency run');
const kafkaLatency = latencyFigures(kafkaGroup);
line(
  `(3) kafka    append → effect at ${RATE}/s: p50 ${ms(kafkaLatency.p50)} ms  p95 ${ms(kafkaLatency.p95)} ms  p99 ${ms(kafkaLatency.p99)} ms  max ${ms(kafkaLatency.max)} ms (${kafkaLatency.count} events)   target p99 < 250 ms`,
);
await kafkaConsumer.stop();
await relay.stop();
await kafka.close();

// ---------------------------------------------------------------------------------------------- BUS=embedded
const embeddedGroup = 'bench.embedded';
handled = 0;
// The same relay, publishing to the embedded topic log (a stream in the store) instead of the broker.
const embeddedRelay = new Relay({
  name: 'bench.embedded',
  store,
  pool,
  schema: serviceSchema,
  mapper,
  publisher: new EmbeddedTopicPublisher(store),
  batchSize: 500,
  lagSampleMs: 1000,
});
const backlog = EVENTS + sentKafka;
const embeddedRelayStarted = Date.now();
embeddedRelay.start();
const kafkaRunEnd = await store.headPosition();
await waitFor(
  () => embeddedRelay.acknowledgedPosition && comparePositions(embeddedRelay.acknowledgedPosition, kafkaRunEnd) >= 0,
  'the embedded relay to publish the backlog',
);
const embeddedRelayMs = Date.now() - embeddedRelayStarted;
const embeddedRelayRate = rate(backlog, embeddedRelayMs);
line(
  `(1) embedded relay:    ${embeddedRelayRate} events/s from store to the topic log (${backlog} events in ${embeddedRelayMs} ms)`,
);
const embeddedStarted = Date.now();
const embedded = new EmbeddedConsumer({
  definition: definition(embeddedGroup),
  store,
  pool,
  schema: serviceSchema,
});
await embedded.start();
await waitFor(async () => (await handledBy(embeddedGroup)) >= backlog, 'the embedded consumer to handle the backlog');
const embeddedMs = Date.now() - embeddedStarted;
const embeddedRate = rate(backlog, embeddedMs);
line(
  `(2) embedded consumer: ${embeddedRate} messages/s with the inbox (${backlog} in ${embeddedMs} ms, from the topic log through the checkpointed subscription)`,
);
latencies.set(embeddedGroup, []);
const sentEmbedded = await steadyAppends();
await waitFor(async () => (await handledBy(embeddedGroup)) >= backlog + sentEmbedded, 'the embedded latency run');
const embeddedLatency = latencyFigures(embeddedGroup);
line(
  `(3) embedded append → effect at ${RATE}/s: p50 ${ms(embeddedLatency.p50)} ms  p95 ${ms(embeddedLatency.p95)} ms  p99 ${ms(embeddedLatency.p99)} ms  max ${ms(embeddedLatency.max)} ms (${embeddedLatency.count} events)   target p99 < 100 ms`,
);
await embedded.stop();
await embeddedRelay.stop();

await store.close();
await pool.query(`DROP SCHEMA ${eventStoreSchema} CASCADE`);
await pool.query(`DROP SCHEMA ${serviceSchema} CASCADE`);
await pool.end();
await broker.stop();
await stopPostgres();

const summary = {
  relay_kafka_events_per_s: relayRate,
  relay_target_ratio: (relayRate / 5000).toFixed(2),
  consumer_kafka_msgs_per_s: kafkaConsumeRate,
  consumer_embedded_msgs_per_s: embeddedRate,
  kafka_p50_ms: ms(kafkaLatency.p50),
  kafka_p95_ms: ms(kafkaLatency.p95),
  kafka_p99_ms: ms(kafkaLatency.p99),
  kafka_p99_target_ratio: (kafkaLatency.p99 / 250).toFixed(2),
  embedded_p50_ms: ms(embeddedLatency.p50),
  embedded_p95_ms: ms(embeddedLatency.p95),
  embedded_p99_ms: ms(embeddedLatency.p99),
  embedded_p99_target_ratio: (embeddedLatency.p99 / 100).toFixed(2),
  relay_embedded_events_per_s: embeddedRelayRate,
  events: EVENTS,
  rate: RATE,
  met_relay_kafka_5000_per_s: relayRate >= 5000 ? 'yes' : 'no',
  met_kafka_p99_250ms: kafkaLatency.p99 < 250 ? 'yes' : 'no',
  met_embedded_p99_100ms: embeddedLatency.p99 < 100 ? 'yes' : 'no',
};
line(
  Object.entries(summary)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
);
