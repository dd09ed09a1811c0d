import { Controller, Get, Inject } from '@nestjs/common';
import { newEventId, type EventStore } from '@lead/event-store';
import type pg from 'pg';
import { DATABASE_POOL } from '../database/database-pool.js';
import { EVENT_STORE } from '../event-store/event-store.provider.js';
import { startTestService, type TestService } from '@lead/testing';
import { ShutdownRegistry } from './shutdown-registry.js';

const journal: string[] = [];

@Controller('slow')
class SlowController {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  @Get()
  async slow() {
    journal.push('request started');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Still uses the pool after shutdown began: the pool must outlive in-flight requests.
    const { rows } = await this.pool.query<{ answer: number }>('SELECT 42 AS answer');
    journal.push('request finished');
    return rows[0];
  }
}

describe('graceful shutdown', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ controllers: [SlowController] });
  });
  afterAll(async () => {
    await service?.close().catch(() => undefined);
  });

  it('drains in-flight requests, stops workers after their current event, then closes their resources, the store and the pool', async () => {
    const store = service.app.get<EventStore>(EVENT_STORE);
    const pool = service.app.get<pg.Pool>(DATABASE_POOL);
    const workers = service.app.get(ShutdownRegistry);

    let handlerStarted!: () => void;
    const handling = new Promise<void>((resolve) => (handlerStarted = resolve));
    const subscription = workers.register(
      store.subscribeToAll(
        async () => {
          journal.push('event handling started');
          handlerStarted();
          await new Promise((resolve) => setTimeout(resolve, 200));
          journal.push('event handled');
        },
        // From the start, not 'end': the store is this file's own, and 'end' would race the append.
        { from: 'start' },
      ),
    );
    workers.register({
      stop: async () => {
        await subscription.done.catch(() => undefined);
        journal.push(`worker stopped, pool ${pool.ended ? 'ended' : 'open'}`);
      },
    });
    // A resource the worker wrote through (a read model's data source): closed only once the worker stopped.
    workers.registerResource({
      stop: async () => void journal.push(`resource closed, pool ${pool.ended ? 'ended' : 'open'}`),
    });

    await store.appendToStream(
      `case-${crypto.randomUUID()}`,
      [
        {
          eventId: newEventId(),
          type: 'Probe',
          schemaVersion: 1,
          data: {},
          metadata: { correlationId: 'platform-test' },
        },
      ],
      'no_stream',
    );
    await handling;

    const inFlight = fetch(`${service.url}/v1/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = service.app.close();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ answer: 42 });
    await closing;

    expect(journal).toHaveLength(6);
    expect(journal.slice(4)).toEqual(['worker stopped, pool open', 'resource closed, pool open']);
    expect(journal.indexOf('event handled')).toBeGreaterThan(journal.indexOf('event handling started'));
    expect(journal.indexOf('request finished')).toBeGreaterThan(journal.indexOf('request started'));
    expect(pool.ended).toBe(true);
    await expect(fetch(`${service.url}/health`)).rejects.toThrow();
    expect(service.logs.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['Shutting down', 'Shutdown complete']),
    );
  });
});
