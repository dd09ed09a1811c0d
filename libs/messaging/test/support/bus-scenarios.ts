import { deriveEventId } from '@lead/event-store';
import pg from 'pg';
import { TransientError, type ConsumerDefinition } from '../../src/index.js';
import { TcpProxy } from '@lead/testing';
import { appendCheckIns, INTEGRATION_TYPE, participantIds } from './check-in-domain.js';
import type { BusUnderTest } from './bus-under-test.js';
import { TEST_POLICY } from './bus-under-test.js';
import { EffectLedger } from './effect-ledger.js';
import { messagingDatabaseUrl } from './test-database.js';
import { eventually } from './eventually.js';

/**
 * The scenarios every bus must pass (the "same end-to-end and poison tests on the embedded bus"): one
 * body each, registered by the Kafka spec files against the broker and by `embedded-bus.int-spec.ts` against the
 * event store.
 */
type CreateBus = (label: string) => Promise<BusUnderTest>;

export function endToEndScenario(create: CreateBus): void {
  it('carries 1,000 events of 200 participants to a consumer exactly once in effect, in order per participant, through a full redelivery', async () => {
    const bus = await create('e2e');
    try {
      const group = 'lead.test-e2e';
      const ledger = await new EffectLedger(bus.db.pool, bus.db.serviceSchema).create();
      const definition = ledger.definition(group, [bus.topic]);
      await bus.startConsumer(definition);
      await bus.startTransport();

      const appended = await appendCheckIns(bus.db.store, participantIds(200), 5, { writers: 20 });
      expect(appended).toHaveLength(1000);
      await eventually(
        () => ledger.count(group),
        (n) => n >= 1000,
        '1,000 effects',
      );

      // Deliver every message a second time: the inbox must absorb all of them.
      await bus.redeliverAll(definition);
      await eventually(
        () => bus.outcomes.count(group, 'duplicate'),
        (n) => n >= 1000,
        'every message redelivered',
      );

      const rows = await ledger.rows(group);
      expect(rows).toHaveLength(1000);
      expect(new Set(rows.map((row) => row.event_id))).toEqual(new Set(appended.map((event) => event.eventId)));
      const sequencesByParticipant = new Map<string, number[]>();
      for (const row of rows)
        sequencesByParticipant.set(row.participant_id, [
          ...(sequencesByParticipant.get(row.participant_id) ?? []),
          row.sequence,
        ]);
      expect(sequencesByParticipant.size).toBe(200);
      for (const sequences of sequencesByParticipant.values()) expect(sequences).toEqual([1, 2, 3, 4, 5]);
      expect(bus.outcomes.count(group, 'handled')).toBe(1000);
      expect(bus.outcomes.count(group, 'dead_lettered')).toBe(0);
    } finally {
      await bus.close();
    }
  });
}

export function poisonMessageScenario(create: CreateBus): void {
  it('dead-letters a message the handler keeps rejecting after N attempts, moves on past it, and replays it once the handler is fixed', async () => {
    const bus = await create('poison');
    try {
      const group = 'lead.test-poison';
      const ledger = await new EffectLedger(bus.db.pool, bus.db.serviceSchema).create();
      await bus.startConsumer(ledger.definition(group, [bus.topic]));
      await bus.startTransport();

      const participants = participantIds(20);
      const victim = participants[7];
      const appended = await appendCheckIns(bus.db.store, participants, 3, {
        poison: (p, sequence) => p === victim && sequence === 2,
      });
      const poison = appended.find((event) => event.poison)!;

      // Everything but the poison is handled, the victim's later check-in included (same key, after the poison:
      // the consumer moved past it only once its dead letter was stored).
      await eventually(
        () => ledger.count(group),
        (n) => n >= 59,
        '59 effects',
      );
      const letters = await bus.listDeadLetters(group);
      expect(letters).toEqual([
        expect.objectContaining({
          id: poison.eventId,
          group,
          topic: bus.topic,
          type: INTEGRATION_TYPE,
          key: victim,
          attempts: TEST_POLICY.maxAttempts,
          resolved: false,
        }),
      ]);
      expect(letters[0].error).toContain('is poison');
      expect(ledger.attempts.get(poison.eventId)).toBe(TEST_POLICY.maxAttempts);
      const victimSequences = (await ledger.rows(group))
        .filter((row) => row.participant_id === victim)
        .map((row) => row.sequence);
      expect(victimSequences).toEqual([1, 3]);

      // The stored dead letter is the original message: key, value, CloudEvents headers.
      const [stored] = letters;
      expect(JSON.parse(stored.value)).toEqual({ sequence: 2, poison: true });
      expect(stored.headers).toMatchObject({
        ce_id: poison.eventId,
        ce_type: INTEGRATION_TYPE,
        ce_source: '/lead/test',
        ce_specversion: '1.0',
        ce_subject: victim,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });

      // The fix is deployed; the operator replays the dead letter.
      ledger.rejectPoison = false;
      await bus.replay(group, poison.eventId);
      await eventually(
        () => ledger.count(group),
        (n) => n >= 60,
        'the replayed message handled',
      );
      await eventually(
        () => bus.listDeadLetters(group).then((list) => list.map((letter) => letter.resolved)),
        (resolved) => resolved.every(Boolean),
        'the dead letter resolved',
      );
      expect(await ledger.count(group)).toBe(60);
      expect(
        (await ledger.rows(group)).filter((row) => row.participant_id === victim).map((row) => row.sequence),
      ).toEqual([1, 3, 2]);
    } finally {
      await bus.close();
    }
  });
}

export function databaseOutageScenario(create: CreateBus): void {
  it('retries while the database is unreachable and skips nothing', async () => {
    const bus = await create('dbdown');
    const url = new URL(messagingDatabaseUrl());
    const proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const consumerPool = new pg.Pool({ connectionString: proxied.toString(), max: 5, connectionTimeoutMillis: 500 });
    consumerPool.on('error', () => undefined);
    try {
      const group = 'lead.test-dbdown';
      const ledger = await new EffectLedger(bus.db.pool, bus.db.serviceSchema).create();
      await bus.startConsumer(ledger.definition(group, [bus.topic]), consumerPool);
      await bus.startTransport();
      await appendCheckIns(bus.db.store, participantIds(10), 1);
      await eventually(
        () => ledger.count(group),
        (n) => n >= 10,
        'the first 10 effects',
      );

      await proxy.cut(); // the consumer's database is unreachable; the store and the broker are not
      await appendCheckIns(bus.db.store, participantIds(20), 1);
      await eventually(
        () => bus.outcomes.count(group, 'retry-transient') + (bus.kind === 'embedded' ? 1 : 0),
        (n) => n >= 1,
        'a failed attempt',
      );
      await proxy.restore();

      await eventually(
        () => ledger.count(group),
        (n) => n >= 30,
        'all 30 effects after the outage',
      );
      expect(await ledger.count(group)).toBe(30);
      expect(bus.outcomes.count(group, 'retry-permanent')).toBe(0);
      expect(bus.outcomes.count(group, 'dead_lettered')).toBe(0);
      expect(await bus.listDeadLetters(group)).toEqual([]);
    } finally {
      await bus.close();
      await consumerPool.end().catch(() => undefined);
      await proxy.cut();
    }
  });
}

export function eventStoreReactionScenario(create: CreateBus): void {
  it('lets a handler append to the event store once: run again after its append, it appends nothing new', async () => {
    const bus = await create('reaction');
    try {
      const group = 'lead.test-reaction';
      const store = bus.db.store;
      const failedOnce = new Set<string>();
      // Like case-management opening a case on ReferralAccepted: the new event's id is derived from the message's.
      // The append commits on its own connection; the handler then fails before the inbox row commits (a crash or
      // a lost connection at the worst moment), so the message is handled again and the append runs twice.
      const definition: ConsumerDefinition = {
        group,
        topics: [bus.topic],
        handle: async (event) => {
          const data = event.data as { sequence: number };
          await store.appendToStream(
            `case-${event.participantId}`,
            [
              {
                eventId: deriveEventId(event.id, 'case-contact-logged'),
                type: 'CaseContactLogged',
                schemaVersion: 1,
                data: { checkIn: data.sequence },
                metadata: {
                  correlationId: event.correlationId,
                  causationId: event.id,
                  participantId: event.participantId,
                },
              },
            ],
            'any',
          );
          if (!failedOnce.has(event.id)) {
            failedOnce.add(event.id);
            throw new TransientError('connection lost after the append, before the inbox commit');
          }
        },
      };
      await bus.startConsumer(definition);
      await bus.startTransport();
      const appended = await appendCheckIns(store, participantIds(25), 2);
      await eventually(
        () => bus.outcomes.count(group, 'handled'),
        (n) => n >= appended.length,
        `${appended.length} messages handled`,
      );

      expect(failedOnce.size).toBe(appended.length);
      const cases = await store.readAll({ maxCount: 10_000, filter: { streamPrefixes: ['case-'] } });
      expect(cases).toHaveLength(appended.length);
      expect(new Set(cases.map((event) => event.eventId))).toEqual(
        new Set(appended.map((event) => deriveEventId(event.eventId, 'case-contact-logged'))),
      );
    } finally {
      await bus.close();
    }
  });
}
