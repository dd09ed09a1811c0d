import { normalCdf, normalQuantile, Z_95 } from './normal-distribution.js';

/* Expected values: the standard normal table (e.g. Abramowitz & Stegun 1964, Table 26.1 and 26.5). */
describe('normalCdf', () => {
  it('matches the table: Φ(0) = 0.5, Φ(1.96) = 0.9750021, Φ(−3) = 0.0013499', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048, 9);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 10);
  });
});

describe('normalQuantile', () => {
  it('matches the table: z(0.975) = 1.959963985, z(0.99) = 2.326347874, z(0.5) = 0', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874040841, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
  });

  it('inverts normalCdf in the far tail (the rational approximation’s outer branch)', () => {
    expect(normalCdf(normalQuantile(1e-10)) / 1e-10).toBeCloseTo(1, 8);
  });

  it('exports z for a 95% interval', () => {
    expect(Z_95).toBeCloseTo(1.959963984540054, 12);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
