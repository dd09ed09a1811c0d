import { PublishBatcher, type PublishBatcherOptions } from './publish-batcher.js';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function batcher(overrides: Partial<PublishBatcherOptions<number>> = {}) {
  const flushed: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let gate: ReturnType<typeof deferred> | undefined;
  const abort = new AbortController();
  const instance = new PublishBatcher<number>({
    batchSize: 100,
    maxPending: 1000,
    signal: abort.signal,
    retryDelay: () => 0,
    flush: async (batch) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await gate?.promise;
        flushed.push([...batch]);
      } finally {
        inFlight--;
      }
    },
    ...overrides,
  });
  return {
    instance,
    flushed,
    abort,
    hold: () => (gate = deferred()),
    release: () => gate?.release(),
    maxInFlight: () => maxInFlight,
  };
}

describe('PublishBatcher', () => {
  it('flushes in order, one flush at a time, batching what arrives while a flush is in flight', async () => {
    const b = batcher();
    b.hold();
    await b.instance.add(1);
    await turn();
    for (let i = 2; i <= 6; i++) await b.instance.add(i);
    b.release();
    await b.instance.drain();
    expect(b.flushed).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(b.maxInFlight()).toBe(1);
  });

  it('sends items added in one go together, up to the batch size', async () => {
    const b = batcher({ batchSize: 4 });
    for (let i = 1; i <= 10; i++) await b.instance.add(i);
    await b.instance.drain();
    expect(b.flushed).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
  });

  it('makes adders wait while maxPending items are waiting (backpressure)', async () => {
    const b = batcher({ maxPending: 3 });
    b.hold();
    await b.instance.add(1);
    await turn(); // item 1 is in flight
    await b.instance.add(2);
    await b.instance.add(3);
    let fourthAccepted = false;
    const fourth = b.instance.add(4).then(() => (fourthAccepted = true));
    await turn();
    expect(fourthAccepted).toBe(false);
    expect(b.instance.backlog).toBe(3);
    b.release();
    await fourth;
    await b.instance.drain();
    expect(b.flushed.flat()).toEqual([1, 2, 3, 4]);
  });

  it('retries a failed flush with the same batch, never skipping it', async () => {
    const attempts: number[][] = [];
    let failures = 2;
    const b = batcher({
      flush: async (batch) => {
        attempts.push([...batch]);
        if (failures-- > 0) throw new Error('broker unreachable');
      },
    });
    await b.instance.add(1);
    await b.instance.add(2);
    await b.instance.drain();
    expect(attempts).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('fails for good when retryDelay gives up, rejecting further adds and the drain', async () => {
    const b = batcher({ flush: async () => Promise.reject(new Error('lease lost')), retryDelay: () => undefined });
    await b.instance.add(1);
    await expect(b.instance.drain()).rejects.toThrow('lease lost');
    await expect(b.instance.add(2)).rejects.toThrow('lease lost');
  });

  it('on abort, stops retrying and releases adders waiting for room', async () => {
    const b = batcher({
      maxPending: 1,
      flush: async () => Promise.reject(new Error('down')),
      retryDelay: () => 60_000,
    });
    await b.instance.add(1).catch(() => undefined);
    await turn(); // item 1 is in flight, failing and waiting a minute before its retry
    const waiting = b.instance.add(2);
    await turn();
    b.abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    await expect(b.instance.drain()).rejects.toThrow('stopped');
  });
});
