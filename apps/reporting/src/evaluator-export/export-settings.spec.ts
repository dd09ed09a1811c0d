import { readDevelopmentKey } from '@lead/crypto';
import { loadConfig } from '@lead/platform';
import { randomBytes } from 'node:crypto';
import { coarseDistricts, evaluatorExportKey, ReportingConfig } from '../reporting.config.js';

describe('the evaluator export settings', () => {
  it('derives a development export key of its own outside production, and takes the configured one', () => {
    const development = evaluatorExportKey(loadConfig(ReportingConfig, {}));
    expect(development).toHaveLength(32);
    expect(development.equals(Buffer.from(readDevelopmentKey('DEVELOPMENT-ONLY-pseudonym-key.txt'), 'base64'))).toBe(
      false,
    );
    const key = randomBytes(32).toString('base64');
    expect(evaluatorExportKey(loadConfig(ReportingConfig, { EVALUATOR_EXPORT_KEY: key }))).toEqual(
      Buffer.from(key, 'base64'),
    );
  });

  it('refuses to start in production without a key, or with a short one, naming the setting', () => {
    expect(() => loadConfig(ReportingConfig, { NODE_ENV: 'production' }, 'reporting')).toThrow(
      /EVALUATOR_EXPORT_KEY is required when NODE_ENV=production/,
    );
    expect(() =>
      loadConfig(ReportingConfig, { EVALUATOR_EXPORT_KEY: randomBytes(16).toString('base64') }, 'reporting'),
    ).toThrow(/EVALUATOR_EXPORT_KEY must be at least 32 bytes/);
  });

  it('reads the districts coarse enough per jurisdiction', () => {
    const config = loadConfig(ReportingConfig, { EVALUATOR_EXPORT_COARSE_DISTRICTS: 'denver:D1,denver:D6,hartford:N' });
    expect(coarseDistricts(config)).toEqual(
      new Map([
        ['denver', new Set(['D1', 'D6'])],
        ['hartford', new Set(['N'])],
      ]),
    );
    expect(coarseDistricts(loadConfig(ReportingConfig, {})).size).toBe(0);
    expect(() => loadConfig(ReportingConfig, { EVALUATOR_EXPORT_COARSE_DISTRICTS: 'D1 D6' })).toThrow(
      /EVALUATOR_EXPORT_COARSE_DISTRICTS/,
    );
  });
});
