import { readDevelopmentKey } from '@lead/crypto';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { ConfigError, loadConfig } from '@lead/platform';
import { existsSync } from 'node:fs';
import {
  DEVELOPMENT_MATCHING_KEY_FILE,
  jurisdictionsConfigDir,
  participantMatchingKey,
  ReferralsConfig,
} from './referrals.config.js';

const settingProblems = (env: Record<string, string>, setting: string): string[] => {
  try {
    loadConfig(ReferralsConfig, env, 'referrals');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.invalidSettings.find((s) => s.setting === setting)?.problems ?? [];
  }
  return [];
};

describe('referrals settings', () => {
  it('loads the shipped jurisdictions from config/ at the repository root by default', () => {
    const config = loadConfig(ReferralsConfig, {}, 'referrals');
    const dir = jurisdictionsConfigDir(config);
    expect(dir).toMatch(/config$/);
    expect(existsSync(`${dir}/jurisdictions/denver`)).toBe(true);
    expect(JurisdictionRegistry.load(dir).jurisdictions().sort()).toEqual([
      'denver',
      'hartford-new-haven',
      'rochester-monroe',
      'san-luis-valley',
      'seattle-king-county',
    ]);
  });

  it('uses the development matching key only outside production', () => {
    const config = loadConfig(ReferralsConfig, {}, 'referrals');
    expect(participantMatchingKey(config)).toEqual(
      Buffer.from(readDevelopmentKey(DEVELOPMENT_MATCHING_KEY_FILE), 'base64'),
    );
    const configured = Buffer.alloc(32, 9).toString('base64');
    expect(
      participantMatchingKey(loadConfig(ReferralsConfig, { PARTICIPANT_MATCHING_KEY: configured }, 'referrals')),
    ).toEqual(Buffer.alloc(32, 9));
  });

  it('refuses a missing, short or development matching key in production, naming the setting', () => {
    expect(settingProblems({ NODE_ENV: 'production' }, 'PARTICIPANT_MATCHING_KEY').join()).toMatch(
      /required when NODE_ENV=production/,
    );
    expect(
      settingProblems(
        { PARTICIPANT_MATCHING_KEY: Buffer.alloc(16).toString('base64') },
        'PARTICIPANT_MATCHING_KEY',
      ).join(),
    ).toMatch(/at least 32 bytes/);
    expect(
      settingProblems(
        { NODE_ENV: 'production', PARTICIPANT_MATCHING_KEY: readDevelopmentKey(DEVELOPMENT_MATCHING_KEY_FILE) },
        'PARTICIPANT_MATCHING_KEY',
      ).join(),
    ).toMatch(/must not be the development key/);
    expect(
      settingProblems(
        { NODE_ENV: 'production', PARTICIPANT_MATCHING_KEY: Buffer.alloc(32, 3).toString('base64') },
        'PARTICIPANT_MATCHING_KEY',
      ),
    ).toEqual([]);
  });
});
