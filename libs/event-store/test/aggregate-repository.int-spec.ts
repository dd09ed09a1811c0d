import { jest } from '@jest/globals';
import { isolatedSchema, type IsolatedSchema } from '@lead/testing';
import {
  AggregateRepository,
  DomainRuleViolation,
  newEventId,
  PostgresEventStore,
  WrongExpectedVersion,
  type Decider,
  type EventStore,
} from '../src/index.js';
import { newStreamId } from './event-store.contract.js';

type Command = { type: 'Add'; amount: number };
type Event = { type: 'Added'; amount: number };
type State = { total: number };

const counter: Decider<Command, State, Event> = {
  initialState: { total: 0 },
  decide: (command, state) => {
    if (state.total + command.amount > 100) throw new DomainRuleViolation('limit', 'a counter never exceeds 100');
    return [{ type: 'Added', amount: command.amount }];
  },
  evolve: (state, event) => ({ total: state.total + event.amount }),
};

const metadata = { correlationId: 'test' };

describe('AggregateRepository', () => {
  let db: IsolatedSchema;
  let store: PostgresEventStore;
  let repository: AggregateRepository<Command, State, Event>;

  beforeAll(async () => {
    db = await isolatedSchema('repo');
    store = await PostgresEventStore.create({ pool: db.pool, schema: db.schema });
    repository = new AggregateRepository(store, counter);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('loads, decides and appends at the loaded revision', async () => {
    const stream = newStreamId('counter');
    await repository.handle(stream, { type: 'Add', amount: 5 }, { metadata });
    const result = await repository.handle(stream, { type: 'Add', amount: 7 }, { metadata });
    expect(result).toMatchObject({ state: { total: 12 }, revision: 1 });
    expect((await repository.load(stream)).state.total).toBe(12);
  });

  it('re-decides on fresh state when a concurrent writer got there first', async () => {
    const stream = newStreamId('counter');
    const results = await Promise.all(
      Array.from({ length: 4 }, () => repository.handle(stream, { type: 'Add', amount: 10 }, { metadata })),
    );
    expect(results.map((r) => r.revision).sort()).toEqual([0, 1, 2, 3]);
    expect((await repository.load(stream)).state.total).toBe(40);
  });

  it('re-checks the rule on fresh state, so concurrent writers cannot jointly break it', async () => {
    const stream = newStreamId('counter');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () => repository.handle(stream, { type: 'Add', amount: 40 }, { metadata })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const failed = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DomainRuleViolation);
    expect((await repository.load(stream)).state.total).toBe(80);
  });

  it('decides a new stream without reading it, and re-decides on the stream as read if it existed after all', async () => {
    const fresh = newStreamId('counter');
    const reads = jest.spyOn(store, 'readStream');
    expect(await repository.handle(fresh, { type: 'Add', amount: 5 }, { metadata, newStream: true })).toMatchObject({
      state: { total: 5 },
      revision: 0,
    });
    expect(reads).not.toHaveBeenCalled();
    // Not new after all: the no_stream append conflicts, and the decision is made again on what is stored.
    expect(await repository.handle(fresh, { type: 'Add', amount: 90 }, { metadata, newStream: true })).toMatchObject({
      state: { total: 95 },
      revision: 1,
    });
    await expect(
      repository.handle(fresh, { type: 'Add', amount: 10 }, { metadata, newStream: true }),
    ).rejects.toMatchObject({ code: 'limit' });
    reads.mockRestore();
  });

  it('surfaces a conflict after its bounded retries', async () => {
    const stream = newStreamId('counter');
    let appends = 0;
    // A rival writer always lands between this repository's load and its append.
    const contested: EventStore = Object.create(store, {
      appendToStream: {
        value: async (...args: Parameters<EventStore['appendToStream']>) => {
          appends++;
          await store.appendToStream(
            stream,
            [{ eventId: newEventId(), type: 'Added', schemaVersion: 1, data: { type: 'Added', amount: 1 }, metadata }],
            'any',
          );
          return store.appendToStream(...args);
        },
      },
    });
    const unlucky = new AggregateRepository(contested, counter, { maxRetries: 2 });
    const error = await unlucky.handle(stream, { type: 'Add', amount: 5 }, { metadata }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(appends).toBe(3);
    expect((await repository.load(stream)).state.total).toBe(3);
  });

  it('answers a stale If-Match revision with a conflict, without retrying', async () => {
    const stream = newStreamId('counter');
    await repository.handle(stream, { type: 'Add', amount: 1 }, { metadata });
    await repository.handle(stream, { type: 'Add', amount: 1 }, { metadata });
    const error = await repository
      .handle(stream, { type: 'Add', amount: 1 }, { metadata, expectedRevision: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect((error as WrongExpectedVersion).actual).toBe(1);
    expect((await repository.load(stream)).state.total).toBe(2);
  });

  it('appends nothing new when the same source event is handled twice', async () => {
    const stream = newStreamId('counter');
    const source = newEventId();
    await repository.handle(stream, { type: 'Add', amount: 3 }, { metadata, sourceEventId: source });
    const again = await repository.handle(stream, { type: 'Add', amount: 3 }, { metadata, sourceEventId: source });
    expect(again.events).toEqual([]);
    expect((await repository.load(stream)).state.total).toBe(3);
  });
});
