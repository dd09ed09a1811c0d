import { ProgressWatch } from './progress-watch.js';

describe('ProgressWatch', () => {
  let now = 0;
  const watch = () => new ProgressWatch(30_000, () => now);
  beforeEach(() => (now = 1_000_000));

  it('counts a worker stuck from its first failure once the threshold has passed, until it makes progress', () => {
    const w = watch();
    w.relayFailed('referrals', new TypeError('x'));
    now += 10_000;
    w.relayFailed('referrals', new Error('later'));
    expect(w.stuck()).toEqual([]);
    now += 25_000;
    expect(w.stuck()).toEqual([{ worker: 'relay:referrals', seconds: 35, reason: 'TypeError' }]);
    w.relayProgressed('referrals');
    expect(w.stuck()).toEqual([]);
    expect(w.failingSeconds().size).toBe(0);
  });

  it('watches consumers by group: retries and failed cycles start the clock, a consumed message stops it', () => {
    const w = watch();
    w.consumerRetry('lead.prosecution', 'transient', Object.assign(new Error('down'), { name: 'DatabaseError' }));
    w.consumerFailed('lead.referrals', new Error('lease'));
    now += 31_000;
    expect(w.stuck().map((s) => s.worker)).toEqual(['consumer:lead.prosecution', 'consumer:lead.referrals']);
    expect(w.stuck()[0].reason).toBe('DatabaseError');
    w.consumed('lead.prosecution');
    expect(w.stuck().map((s) => s.worker)).toEqual(['consumer:lead.referrals']);
  });

  it('reports only error names, never messages (they can quote values from the event)', () => {
    const w = watch();
    w.relayRetried('referrals', new Error('value 1986-09-17 is bad'));
    now += 60_000;
    expect(JSON.stringify(w.stuck())).not.toContain('1986');
  });
});
