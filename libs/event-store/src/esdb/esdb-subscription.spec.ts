import { Readable } from 'node:stream';
import type { RecordedEvent } from '../event-envelope.js';
import {
  EsdbCatchUpSubscription,
  type CatchUpDriver,
  type CatchUpRunnerOptions,
  type ServerSubscription,
} from './esdb-subscription.js';

/** Stands in for the client's subscription: an object-mode Readable the test pushes into. */
class FakeServer extends Readable implements ServerSubscription<Item> {
  unsubscribed = false;
  constructor() {
    super({ objectMode: true, read() {} });
  }
  deliver(...items: Item[]): this {
    for (const item of items) this.push(item);
    return this;
  }
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    this.push(null);
  }
}

interface Item {
  n: number;
  skip?: boolean;
}

const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await tick();
  }
}

function event(n: number): RecordedEvent {
  return {
    eventId: `e-${n}`,
    type: 'Step',
    schemaVersion: 1,
    data: {},
    metadata: { correlationId: 'c' },
    streamId: 's-1',
    streamRevision: n,
    position: { commit: BigInt(n), prepare: BigInt(n) },
    recordedAt: new Date(),
    hash: '',
    previousHash: '',
  };
}

function setup(
  opts: {
    head?: number;
    checkpoint?: number;
    start?: CatchUpRunnerOptions<number>['start'];
    checkpointEvery?: number;
  } = {},
) {
  const servers: FakeServer[] = [];
  const opened: (number | undefined)[] = [];
  const saved: number[] = [];
  let serverCheckpoint: ((n: number) => void) | undefined;
  const driver: CatchUpDriver<Item, number> = {
    open: (after, onServerCheckpoint) => {
      opened.push(after);
      serverCheckpoint = onServerCheckpoint;
      const server = new FakeServer();
      servers.push(server);
      return server;
    },
    toEvent: (item) => (item.skip ? undefined : event(item.n)),
    cursorOf: (item) => item.n,
    compare: (a, b) => a - b,
    head: async () => opts.head,
    loadCheckpoint: async () => opts.checkpoint,
    saveCheckpoint: async (n) => void saved.push(n),
  };
  const server = () => servers[servers.length - 1];
  return { driver, servers, server, opened, saved, serverCheckpoint: (n: number) => serverCheckpoint!(n) };
}

function options(extra: Partial<CatchUpRunnerOptions<number>> = {}): CatchUpRunnerOptions<number> {
  return {
    start: 'start',
    checkpointEvery: 1,
    isTransient: (e) => (e as Error).message === 'unavailable',
    maxReconnects: 3,
    reconnectDelayMs: () => 1,
    ...extra,
  };
}

describe('EventStoreDB catch-up subscription runner', () => {
  it('hands events over one at a time and reports caught-up only after those received before the server said so', async () => {
    const t = setup({ head: 10 });
    const handled: number[] = [];
    const log: string[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      async (e) => {
        await gate;
        handled.push(e.streamRevision);
        log.push(`event ${e.streamRevision}`);
      },
      options({ onCaughtUp: () => log.push('caught up') }),
    );
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 1 }, { n: 2 }, { n: 3 });
    t.server().emit('caughtUp');
    await tick();
    expect(log).toEqual([]);
    release();
    await until(() => handled.length === 3);
    t.server().deliver({ n: 4 });
    gate = Promise.resolve();
    await until(() => handled.length === 4);
    expect(log).toEqual(['event 1', 'event 2', 'event 3', 'caught up', 'event 4']);
    await sub.stop();
    expect(sub.lastPosition).toEqual({ commit: 4n, prepare: 4n });
    expect(t.opened).toEqual([undefined]);
  });

  it('without a server signal, is caught up once it has handled the head read at start', async () => {
    const t = setup({ head: 2 });
    const log: string[] = [];
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      (e) => void log.push(`event ${e.streamRevision}`),
      options({ onCaughtUp: () => log.push('caught up') }),
    );
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 1 }, { n: 2 }, { n: 3 });
    await until(() => log.length === 4);
    expect(log).toEqual(['event 1', 'event 2', 'caught up', 'event 3']);
    await sub.stop();
  });

  it('counts progress through filtered-out events and server checkpoints towards caught-up', async () => {
    const t = setup({ head: 50 });
    const log: string[] = [];
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      (e) => void log.push(`event ${e.streamRevision}`),
      options({ onCaughtUp: () => log.push('caught up') }),
    );
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 1 });
    t.serverCheckpoint(60);
    await until(() => log.length === 2);
    expect(log).toEqual(['event 1', 'caught up']);
    await sub.stop();

    const u = setup({ head: 5 });
    let caughtUp = false;
    const sub2 = new EsdbCatchUpSubscription(
      u.driver,
      () => undefined,
      options({ onCaughtUp: () => (caughtUp = true) }),
    );
    await until(() => u.servers.length === 1);
    u.server().deliver({ n: 4, skip: true }, { n: 5, skip: true });
    await until(() => caughtUp);
    await sub2.stop();
  });

  it("starts after the head for 'end' and is caught up once the server confirms", async () => {
    const t = setup({ head: 9 });
    let caughtUp = false;
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      () => undefined,
      options({ start: 'end', onCaughtUp: () => (caughtUp = true) }),
    );
    await until(() => t.servers.length === 1);
    expect(t.opened).toEqual([9]);
    expect(caughtUp).toBe(false);
    t.server().emit('confirmation');
    expect(caughtUp).toBe(true);
    await sub.stop();
  });

  it('resumes after the stored checkpoint and stores progress after the handler, every N and when idle', async () => {
    const t = setup({ checkpoint: 7, head: 100 });
    const handled: number[] = [];
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      (e) => void handled.push(e.streamRevision),
      options({ checkpointEvery: 2 }),
    );
    await until(() => t.servers.length === 1);
    expect(t.opened).toEqual([7]);
    t.server().deliver({ n: 8 }, { n: 9 }, { n: 10 }, { n: 11 }, { n: 12 });
    await until(() => handled.length === 5);
    await until(() => t.saved.includes(12));
    expect(t.saved).toEqual([9, 11, 12]);
    await sub.stop();
  });

  it('stop() waits for the event in hand, then unsubscribes, and nothing more is delivered', async () => {
    const t = setup({ head: 100 });
    const handled: number[] = [];
    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      async (e) => {
        entered = true;
        await gate;
        handled.push(e.streamRevision);
      },
      options(),
    );
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 0 }, { n: 1 }, { n: 2 });
    await until(() => entered);
    let stopped = false;
    const stopping = sub.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    expect(t.server().unsubscribed).toBe(false);
    release();
    await stopping;
    expect(handled).toEqual([0]);
    expect(t.server().unsubscribed).toBe(true);
    expect(t.saved).toEqual([0]);
    await expect(sub.done).resolves.toBeUndefined();
  });

  it('stop() while waiting for events ends at once', async () => {
    const t = setup({ head: undefined });
    const sub = new EsdbCatchUpSubscription(t.driver, () => undefined, options());
    await until(() => t.servers.length === 1);
    await sub.stop();
    expect(t.server().unsubscribed).toBe(true);
  });

  it('reports a failing handler once, stops, and keeps the checkpoint before the failed event', async () => {
    const t = setup({ head: 100 });
    const errors: unknown[] = [];
    const sub = new EsdbCatchUpSubscription(
      t.driver,
      (e) => {
        if (e.streamRevision === 2) throw new Error('handler refused');
      },
      options({ checkpointEvery: 10, onError: (err) => errors.push(err) }),
    );
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 1 }, { n: 2 }, { n: 3 });
    await expect(sub.done).rejects.toThrow('handler refused');
    expect(errors).toHaveLength(1);
    expect(t.saved).toEqual([1]);
    expect(t.server().unsubscribed).toBe(true);
  });

  it('resubscribes after the last item seen when the connection drops or the server ends the subscription', async () => {
    const t = setup({ head: 100 });
    const handled: number[] = [];
    const sub = new EsdbCatchUpSubscription(t.driver, (e) => void handled.push(e.streamRevision), options());
    await until(() => t.servers.length === 1);
    t.server().deliver({ n: 1 }, { n: 2, skip: true });
    await until(() => handled.length === 1);
    await tick();
    t.server().destroy(new Error('unavailable'));
    await until(() => t.servers.length === 2);
    t.server().deliver({ n: 3 });
    await until(() => handled.length === 2);
    t.server().push(null);
    await until(() => t.servers.length === 3);
    expect(t.opened).toEqual([undefined, 2, 3]);
    await sub.stop();
    expect(handled).toEqual([1, 3]);
  });

  it('gives up on errors that are not transient, and after too many reconnects', async () => {
    const t = setup({ head: 100 });
    const errors: unknown[] = [];
    const sub = new EsdbCatchUpSubscription(t.driver, () => undefined, options({ onError: (e) => errors.push(e) }));
    await until(() => t.servers.length === 1);
    t.server().destroy(new Error('access denied'));
    await expect(sub.done).rejects.toThrow('access denied');
    expect(errors).toHaveLength(1);

    const u = setup({ head: 100 });
    const sub2 = new EsdbCatchUpSubscription(u.driver, () => undefined, options({ maxReconnects: 2 }));
    for (let i = 1; i <= 3; i++) {
      await until(() => u.servers.length === i);
      u.server().destroy(new Error('unavailable'));
    }
    await expect(sub2.done).rejects.toThrow('unavailable');
    expect(u.servers).toHaveLength(3);
  });
});
