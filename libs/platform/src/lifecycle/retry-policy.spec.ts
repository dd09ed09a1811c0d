import { backoffDelay } from './retry-policy.js';

const policy = { initialDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  it('doubles per failure, between half and all of the ceiling', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
  });

  it('never exceeds the maximum, however many failures', () => {
    expect(backoffDelay(policy, 50, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 10_000, () => 0.5)).toBe(750);
  });
});
