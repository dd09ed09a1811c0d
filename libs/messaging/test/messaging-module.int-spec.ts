import { deadLetterTopic, type IntegrationEvent } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { DATABASE_POOL, EVENT_STORE, SERVICE_SCHEMA } from '@lead/platform';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { dropSchemas, startTestService, type TestService } from '@lead/testing';
import { MessagingModule, type ConsumerDefinition, type HandlerContext } from '../src/index.js';
import { appendCheckIns, checkInMapper, participantIds } from './support/check-in-domain.js';
import { eventually } from './support/eventually.js';
import { messagingDatabaseUrl } from './support/test-database.js';
import { createTestTopics, testBrokers, testPrefix } from './support/test-kafka.js';

const TOPIC = Symbol('Topic');

/** A service's consumer as a Nest provider: the module resolves it from the service's own module. */
@Injectable()
class CheckInProjection implements ConsumerDefinition {
  readonly group = 'lead.test-module';
  readonly topics: string[];

  constructor(
    @Inject(TOPIC) topic: string,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.topics = [topic];
  }

  async handle(event: IntegrationEvent, { tx }: HandlerContext): Promise<void> {
    await tx.query(`INSERT INTO "${this.schema}".check_ins (event_id, participant_id) VALUES ($1, $2)`, [
      event.id,
      event.participantId,
    ]);
  }
}

async function startService(bus: 'embedded' | 'kafka', topic: string): Promise<TestService> {
  const mapper = checkInMapper(topic);
  const env: Record<string, string> =
    bus === 'kafka'
      ? { BUS: 'kafka', KAFKA_BROKERS: testBrokers().join(','), KAFKA_FETCH_MAX_WAIT_MS: '20' }
      : { BUS: 'embedded' };
  // On the messaging tests' own PostgreSQL cluster, like the other messaging tests (see infra/test.mjs).
  return startTestService({
    env: { ...env, DATABASE_URL: messagingDatabaseUrl() },
    imports: [MessagingModule.forRoot({ publishes: mapper, consumers: [CheckInProjection] })],
    providers: [{ provide: TOPIC, useValue: topic }, CheckInProjection],
  });
}

async function checkIns(service: TestService): Promise<number> {
  const pool = service.app.get<pg.Pool>(DATABASE_POOL);
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${service.serviceSchema}".check_ins`,
  );
  return rows[0].n;
}

/** Sessions holding a lease of the service (its relay, its embedded consumers). */
async function leaseSessions(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: messagingDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1`,
      [`lead lease %${schema}%`],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('MessagingModule', () => {
  it.each(['embedded', 'kafka'] as const)(
    'with BUS=%s, wires the relay and the consumers into a service, with metrics, and stops them on shutdown',
    async (bus) => {
      const topic = `${testPrefix('module')}.checkins.v1`;
      if (bus === 'kafka') await createTestTopics([topic, deadLetterTopic(topic)]);
      const service = await startService(bus, topic);
      try {
        const pool = service.app.get<pg.Pool>(DATABASE_POOL);
        await pool.query(
          `CREATE TABLE "${service.serviceSchema}".check_ins (event_id text PRIMARY KEY, participant_id text NOT NULL)`,
        );
        await appendCheckIns(service.app.get<EventStore>(EVENT_STORE), participantIds(10), 2);
        await eventually(
          () => checkIns(service),
          (n) => n >= 20,
          '20 check-ins projected',
        );
        expect(await checkIns(service)).toBe(20);

        const ready = await fetch(`${service.url}/ready`);
        expect(ready.status).toBe(200);
        const checks = Object.keys(((await ready.json()) as { details: Record<string, unknown> }).details);
        expect(checks).toEqual(bus === 'kafka' ? ['database', 'kafka'] : ['database']);

        const metrics = await (await fetch(`${service.url}/metrics`)).text();
        expect(metrics).toMatch(/lead_consumer_messages_total\{group="lead\.test-module",outcome="handled"[^}]*\} 20/);
        // Both retention sweeps run on either bus (the inbox's from the messaging module, the keys' from the platform).
        expect(metrics).toMatch(/lead_retention_deleted_rows_total\{sweep="inbox"[^}]*\} 0/);
        expect(metrics).toMatch(/lead_retention_deleted_rows_total\{sweep="idempotency_keys"[^}]*\} 0/);
        // The same relay on either bus, under its own name (its checkpoint says nothing about the other bus).
        const relayName = bus === 'kafka' ? 'test-service' : 'test-service\\.embedded';
        expect(metrics).toMatch(new RegExp(`lead_relay_leading\\{relay="${relayName}"[^}]*\\} 1`));
        // Kafka: the relay's lease (consumer groups need none); embedded: the relay's and the consumer's.
        expect(await leaseSessions(service.serviceSchema)).toBe(bus === 'kafka' ? 1 : 2);
      } finally {
        await service.close();
        // close() drops the schemas on the platform's test database; these live on the messaging tests' cluster.
        await dropSchemas(messagingDatabaseUrl(), [service.serviceSchema, service.eventStoreSchema]);
      }
      await eventually(
        () => leaseSessions(service.serviceSchema),
        (n) => n === 0,
        'the leases to be released on shutdown',
      );
    },
  );
});
