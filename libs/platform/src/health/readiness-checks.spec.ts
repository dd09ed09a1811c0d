import { ReadinessChecks } from './readiness-checks.js';

describe('ReadinessChecks', () => {
  it('lists registered checks with a default timeout', () => {
    const checks = new ReadinessChecks();
    const check = async () => undefined;
    checks.register('database', check);
    checks.register('bus', check, { timeoutMs: 500 });
    expect(checks.all()).toEqual([
      { name: 'database', check, timeoutMs: 2000 },
      { name: 'bus', check, timeoutMs: 500 },
    ]);
  });

  it('refuses a second check under the same name', () => {
    const checks = new ReadinessChecks();
    checks.register('bus', async () => undefined);
    expect(() => checks.register('bus', async () => undefined)).toThrow('"bus" is already registered');
  });
});
