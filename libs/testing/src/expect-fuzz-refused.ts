import type { FuzzReport } from './fuzz-write-endpoint.js';

/**
 * What every write endpoint's fuzz run must show: no answer breaking a rule, nothing appended, no prototype
 * polluted, at least `minimumCases` requests sent, and every answer a 4xx (never a 2xx, 3xx or 5xx). Failures name
 * the seed that replays them (`FUZZ_SEED=<n>`).
 */
export function expectFuzzRefusedAll(report: FuzzReport, minimumCases = 1250): void {
  const context = `seed ${report.seed} (FUZZ_SEED=${report.seed} reproduces it)`;
  expect({ context, failures: report.failures.slice(0, 20), count: report.failures.length }).toEqual({
    context,
    failures: [],
    count: 0,
  });
  expect({ context, unexpectedEvents: report.unexpectedEvents }).toEqual({ context, unexpectedEvents: [] });
  expect(report.prototypePollution).toEqual([]);
  expect(report.cases).toBeGreaterThanOrEqual(minimumCases);
  expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500 || Number(status) < 400)).toEqual([]);
}
