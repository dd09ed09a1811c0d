import { FailedAuthenticationLimiter } from './failed-authentication-limiter.js';

describe('FailedAuthenticationLimiter', () => {
  let now = 0;
  const clock = () => now;
  const minute = 60_000;
  const make = () => new FailedAuthenticationLimiter({ threshold: 5, windowMs: 10 * minute }, clock);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('locks a key after 5 failures within the window, for the lockout period', () => {
    const limiter = make();
    for (let i = 0; i < 4; i++) limiter.recordFailure(['address:1.2.3.4']);
    expect(limiter.check(['address:1.2.3.4']).locked).toBe(false);
    limiter.recordFailure(['address:1.2.3.4']);
    expect(limiter.check(['address:1.2.3.4'])).toEqual({ locked: true, until: new Date(now + 10 * minute) });
    expect(limiter.check(['address:5.6.7.8']).locked).toBe(false);
    now += 10 * minute - 1;
    expect(limiter.check(['address:1.2.3.4']).locked).toBe(true);
    now += 1;
    expect(limiter.check(['address:1.2.3.4']).locked).toBe(false);
  });

  it('forgets failures older than the window', () => {
    const limiter = make();
    for (let i = 0; i < 4; i++) limiter.recordFailure(['subject:x']);
    now += 10 * minute + 1;
    limiter.recordFailure(['subject:x']);
    expect(limiter.check(['subject:x']).locked).toBe(false);
  });

  it('counts consecutive failures: a success starts over, but does not lift a running lockout', () => {
    const limiter = make();
    for (let i = 0; i < 4; i++) limiter.recordFailure(['subject:x']);
    limiter.recordSuccess(['subject:x']);
    limiter.recordFailure(['subject:x']);
    expect(limiter.check(['subject:x']).locked).toBe(false);
    for (let i = 0; i < 5; i++) limiter.recordFailure(['subject:y']);
    limiter.recordSuccess(['subject:y']);
    expect(limiter.check(['subject:y']).locked).toBe(true);
  });

  it('answers the longest lockout among the keys asked about', () => {
    const limiter = make();
    for (let i = 0; i < 5; i++) limiter.recordFailure(['subject:a']);
    now += minute;
    for (let i = 0; i < 5; i++) limiter.recordFailure(['subject:b']);
    expect(limiter.check(['subject:a', 'subject:b']).until).toEqual(new Date(now + 10 * minute));
  });

  it('keeps memory bounded: expired keys are swept as new ones arrive', () => {
    const limiter = make();
    for (let i = 0; i < 3000; i++) limiter.recordFailure([`address:${i}`]);
    now += 11 * minute;
    for (let i = 0; i < 3000; i++) limiter.recordFailure([`address:new-${i}`]);
    expect((limiter as unknown as { failures: Map<string, unknown> }).failures.size).toBeLessThan(4100);
  });
});
