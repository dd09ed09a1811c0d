import { formatFinding, formatRate, Progress } from './audit-cli-output.js';

describe('lead-audit output', () => {
  it('a finding is one tab-separated line, "-" where unknown', () => {
    expect(
      formatFinding({
        kind: 'event-changed',
        streamId: 'case-1',
        revision: 2,
        eventId: 'e-1',
        position: '10/10',
        checkpointId: 'cp-1',
        detail: 'hash differs\nhere',
      }),
    ).toBe('event-changed\tcase-1\t2\te-1\t10/10\tcp-1\thash differs here');
    expect(formatFinding({ kind: 'event-missing', streamId: 's', revision: 1, toRevision: 3, detail: 'gone' })).toBe(
      'event-missing\ts\t1..3\t-\t-\t-\tgone',
    );
    expect(formatFinding({ kind: 'all-truncated', revision: 0, toRevision: 0, detail: 'd' })).toBe(
      'all-truncated\t-\t0\t-\t-\t-\td',
    );
  });

  it('or one JSON object per line', () => {
    const finding = { kind: 'hash-mismatch', streamId: 's', revision: 0, detail: 'x' } as const;
    expect(JSON.parse(formatFinding(finding, true))).toEqual(finding);
    expect(formatFinding(finding, true)).not.toContain('\n');
  });

  it('rates in events per second', () => {
    expect(formatRate(12345, 3200)).toBe('12,345 events in 3.2 s (3,858 events/s)');
    expect(formatRate(0, 0)).toBe('0 events in 0.0 s (0 events/s)');
  });

  it('on a TTY redraws one line, at most every interval, and ends it', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress({ write: (t) => written.push(t), tty: true, now: () => now });
    progress.start('chains');
    progress.add(500);
    now = 50;
    progress.add(500);
    expect(written).toEqual([]);
    now = 1000;
    progress.add(1000);
    progress.finish();
    progress.finish();
    expect(written).toEqual([
      '\rlead-audit: chains: 2,000 events in 1.0 s (2,000 events/s)\x1b[K',
      '\rlead-audit: chains: 2,000 events in 1.0 s (2,000 events/s) done\x1b[K',
      '\n',
    ]);
  });

  it('elsewhere writes a plain line per interval', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress({ write: (t) => written.push(t), tty: false, now: () => now });
    progress.start('checkpoint x');
    for (let t = 1000; t <= 12_000; t += 1000) {
      now = t;
      progress.add(100);
    }
    progress.start('next');
    expect(written).toEqual([
      'lead-audit: checkpoint x: 500 events in 5.0 s (100 events/s)\n',
      'lead-audit: checkpoint x: 1,000 events in 10.0 s (100 events/s)\n',
      'lead-audit: checkpoint x: 1,200 events in 12.0 s (100 events/s) done\n',
    ]);
  });
});
