import { ConfigError, loadConfig } from '@lead/platform';
import { MessagingConfig } from './messaging.config.js';

describe('MessagingConfig', () => {
  it('defaults to the embedded bus, which needs no broker', () => {
    const config = loadConfig(MessagingConfig, {});
    expect(config).toMatchObject({ BUS: 'embedded', MESSAGING_MAX_ATTEMPTS: 5, RELAY_BATCH_SIZE: 500 });
    expect(config.KAFKA_BROKERS).toBeUndefined();
  });

  it('requires KAFKA_BROKERS with BUS=kafka, naming it', () => {
    expect(() => loadConfig(MessagingConfig, { BUS: 'kafka' }, 'referrals')).toThrow(ConfigError);
    expect(() => loadConfig(MessagingConfig, { BUS: 'kafka' }, 'referrals')).toThrow(
      /KAFKA_BROKERS is required when BUS=kafka/,
    );
    expect(() => loadConfig(MessagingConfig, { BUS: 'kafka', KAFKA_BROKERS: 'kafka' })).toThrow(
      /KAFKA_BROKERS must be a comma-separated list of host:port/,
    );
    expect(loadConfig(MessagingConfig, { BUS: 'kafka', KAFKA_BROKERS: 'k1:9092, k2:9092' }).KAFKA_BROKERS).toBe(
      'k1:9092, k2:9092',
    );
  });

  it('keeps inbox rows 30 days unless INBOX_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig(MessagingConfig, {}).INBOX_RETENTION_DAYS).toBe(30);
    expect(loadConfig(MessagingConfig, { INBOX_RETENTION_DAYS: '90' }).INBOX_RETENTION_DAYS).toBe(90);
    for (const bad of ['0', '-7', '2.5', '3651', 'forever']) {
      expect(() => loadConfig(MessagingConfig, { INBOX_RETENTION_DAYS: bad }, 'referrals')).toThrow(
        /- INBOX_RETENTION_DAYS must be an integer between 1 and 3650 \(days\)/,
      );
    }
  });

  it('refuses settings out of range', () => {
    expect(() => loadConfig(MessagingConfig, { MESSAGING_MAX_ATTEMPTS: '0', RELAY_BATCH_SIZE: 'many' })).toThrow(
      /MESSAGING_MAX_ATTEMPTS must be an integer between 1 and 100[\s\S]*RELAY_BATCH_SIZE must be an integer between 1 and 10000/,
    );
  });
});
