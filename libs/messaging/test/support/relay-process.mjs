// A relay replica in a process of its own, for the crash test: runs the compiled library (libs/messaging/dist, built
// by the test first) the way a service would, and prints its state (`standby`, `leading`, …) on stdout each time it
// changes. SIGTERM stops it gracefully; the test mostly SIGKILLs it.
// Environment: DATABASE_URL, EVENT_STORE_SCHEMA, SERVICE_SCHEMA, KAFKA_BROKERS, TOPIC, BATCH_SIZE.
import pg from 'pg';
import { PostgresEventStore } from '@lead/event-store';
// The relay's own modules, not the package root: the root also loads MessagingModule (NestJS, the platform), which
// would triple the start-up time of each of the replicas the test spawns.
import { Relay } from '../../dist/relay/relay.js';
import { KafkajsClient } from '../../dist/transport/kafka/kafkajs-client.js';
import { checkInMapper } from './check-in-mapper.mjs';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
pool.on('error', () => undefined);
const store = await PostgresEventStore.create({ pool, schema: env.EVENT_STORE_SCHEMA, pollIntervalMs: 100 });
const kafka = new KafkajsClient({ brokers: env.KAFKA_BROKERS.split(','), clientId: `crash-test-${process.pid}` });
const relay = new Relay({
  name: 'crash',
  store,
  pool,
  schema: env.SERVICE_SCHEMA,
  mapper: checkInMapper(env.TOPIC),
  publisher: kafka.publisher(),
  batchSize: Number(env.BATCH_SIZE ?? 25),
  leaseRetryMs: 20,
  lagSampleMs: 0,
  retry: { initialDelayMs: 5, maxDelayMs: 50 },
}).start();

let reported;
const watch = setInterval(() => {
  if (relay.state !== reported) {
    reported = relay.state;
    process.stdout.write(`${reported}\n`);
  }
}, 2);

process.on('SIGTERM', async () => {
  clearInterval(watch);
  await relay.stop();
  await kafka.close();
  await store.close();
  await pool.end();
  process.exit(0);
});
