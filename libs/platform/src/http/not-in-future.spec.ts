import { IsISO8601, validateSync } from 'class-validator';
import { CLOCK_SKEW_ALLOWANCE_MS, IsNotInFuture } from './not-in-future.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

class Step {
  @IsISO8601({ strict: true })
  @IsNotInFuture(() => NOW)
  at!: string;
}

const problems = (at: string) =>
  validateSync(Object.assign(new Step(), { at })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('IsNotInFuture', () => {
  it('accepts the past, now, and a device clock running up to the allowance ahead', () => {
    expect(problems('2025-06-01T11:00:00.000Z')).toEqual([]);
    expect(problems(new Date(NOW).toISOString())).toEqual([]);
    expect(problems(new Date(NOW + CLOCK_SKEW_ALLOWANCE_MS).toISOString())).toEqual([]);
  });

  it('refuses an instant beyond the allowance, naming the field', () => {
    expect(problems(new Date(NOW + CLOCK_SKEW_ALLOWANCE_MS + 1000).toISOString())).toEqual([
      'at must not be in the future',
    ]);
    expect(problems('2026-01-01T00:00:00Z')).toEqual(['at must not be in the future']);
  });

  it('leaves an unparseable value to the ISO 8601 check', () => {
    expect(problems('yesterday')).toEqual(['at must be a valid ISO 8601 date string']);
  });
});
