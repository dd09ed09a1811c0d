import { diffSchemaMadeAt, diffSchemaName, replaySchemaName } from './replay-schema-name.js';

describe('the schemas a replay is built in', () => {
  const at = new Date('2026-12-04T09:05:07.123Z');

  it('names a kept replay by the live schema and the second it was taken (UTC)', () => {
    expect(replaySchemaName('referrals', at)).toBe('referrals_replay_20261204090507');
  });

  it('names a diff scratch schema apart from every other diff of the same second', () => {
    const names = new Set(Array.from({ length: 20 }, () => diffSchemaName('case_management', at)));
    expect([...names].every((name) => /^case_management_diff_20261204090507_[0-9a-f]{4}$/.test(name))).toBe(true);
    expect(names.size).toBeGreaterThan(1);
  });

  it('refuses a name PostgreSQL would cut short (63 characters)', () => {
    expect(() => replaySchemaName('s'.repeat(48), at)).toThrow("PostgreSQL's 63 characters");
    expect(replaySchemaName('s'.repeat(41), at)).toHaveLength(63);
  });

  it('tells when a diff scratch schema was made, from its name alone', () => {
    expect(diffSchemaMadeAt('case_management', diffSchemaName('case_management', at))).toEqual(
      new Date('2026-12-04T09:05:07Z'),
    );
    expect(diffSchemaMadeAt('case_management', 'case_management_replay_20261204090507')).toBeUndefined();
    expect(diffSchemaMadeAt('case', 'case_management_diff_20261204090507_abcd')).toBeUndefined();
  });
});
