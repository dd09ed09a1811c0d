import type { FenceSample } from '@lead/event-store';
import { LogCapture } from '@lead/testing';
import { createLogger } from '../logging/create-logger.js';
import { FenceMonitor } from './fence-monitor.js';

function monitorOf(samples: (FenceSample | Error)[]) {
  const logs = new LogCapture();
  const watch = {
    sample: async () => {
      const next = samples.shift();
      if (!next) throw new Error('no more samples');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const monitor = new FenceMonitor(watch, {
    intervalMs: 60_000,
    degradedAfterMs: 10_000,
    logger: createLogger({ serviceName: 'fence-test', level: 'debug', destination: logs }),
  });
  return { monitor, logs };
}

describe('FenceMonitor', () => {
  it('is not degraded below the threshold, and is (with pid, database, state, age) from it on', async () => {
    const holder = { pid: 4242, database: 'reporting', state: 'idle in transaction', seconds: 12.7 };
    const { monitor, logs } = monitorOf([
      { heldSeconds: 9.9, holder: { ...holder, seconds: 9.9 }, behind: true },
      { heldSeconds: 12.7, holder, behind: true },
      { heldSeconds: 0, behind: false },
    ]);
    await monitor.sampleNow();
    expect(monitor.heldSeconds()).toBe(9.9);
    expect(monitor.degradations()).toEqual([]);

    await monitor.sampleNow();
    expect(monitor.degradations()).toEqual([
      {
        worker: 'event-store:fence',
        seconds: 12,
        reason: expect.stringMatching(
          /^the transaction of pid 4242 on database "reporting" \(idle in transaction\) has held/,
        ),
        detail: { pid: 4242, database: 'reporting', state: 'idle in transaction', seconds: 12 },
      },
    ]);
    expect(logs.lines.filter((line) => line.level === 'warn')).toHaveLength(1);

    await monitor.sampleNow();
    expect(monitor.degradations()).toEqual([]);
    expect(monitor.heldSeconds()).toBe(0);
    expect(logs.lines.at(-1)).toMatchObject({ level: 'info', msg: "the event store's xid fence moves again" });
  });

  it('says what it cannot see: a state hidden from its role, a prepared transaction, no visible backend', async () => {
    const { monitor } = monitorOf([
      { heldSeconds: 30, holder: { pid: 7, database: 'other', state: null, seconds: null }, behind: true },
      { heldSeconds: 30, holder: { pid: null, database: 'other', state: 'prepared', seconds: 30 }, behind: true },
      { heldSeconds: 30, behind: true },
    ]);
    await monitor.sampleNow();
    expect(monitor.degradations()[0].reason).toMatch(
      /pid 7 on database "other" \(state hidden from this role: grant it pg_read_all_stats\) has held .* for at least 30 s/,
    );
    await monitor.sampleNow();
    expect(monitor.degradations()[0].reason).toMatch(
      /^a prepared transaction on database "other" has held .* for 30 s/,
    );
    await monitor.sampleNow();
    expect(monitor.degradations()[0]).toMatchObject({
      reason: expect.stringMatching(/^a transaction whose backend this role cannot see has held .* for at least 30 s/),
      detail: { pid: null, database: null, state: null, seconds: 30 },
    });
  });

  it('knows nothing after a failed sample (the gauge is absent, /ready not degraded by it) and logs it once', async () => {
    const { monitor, logs } = monitorOf([{ heldSeconds: 60, behind: true }, new Error('down'), new Error('down')]);
    await monitor.sampleNow();
    expect(monitor.degradations()).toHaveLength(1);
    await monitor.sampleNow();
    await monitor.sampleNow();
    expect(monitor.heldSeconds()).toBeUndefined();
    expect(monitor.degradations()).toEqual([]);
    expect(logs.lines.filter((line) => /could not sample/.test(line.msg ?? ''))).toHaveLength(1);
  });
});
