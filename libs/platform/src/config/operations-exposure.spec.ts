import { loadConfig } from './load-config.js';
import { operationsExposure } from './operations-exposure.js';
import { ServiceConfig } from './service-config.js';

class ExampleConfig extends ServiceConfig {
  override HTTP_PORT = 3001;
}

const TOKEN = 'a'.repeat(32);
const exposureOf = (env: Record<string, string>) => operationsExposure(loadConfig(ExampleConfig, env));

describe('operationsExposure', () => {
  it('outside production: docs and metrics public, as `npm start` and the tests read them', () => {
    expect(exposureOf({})).toEqual({ docs: 'public', metrics: 'public' });
    expect(exposureOf({ NODE_ENV: 'development' })).toEqual({ docs: 'public', metrics: 'public' });
  });

  it('in production: docs off, metrics off without a token and behind it with one', () => {
    expect(exposureOf({ NODE_ENV: 'production' })).toEqual({ docs: 'off', metrics: 'off' });
    expect(exposureOf({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN })).toEqual({
      docs: 'off',
      metrics: 'token',
      metricsToken: TOKEN,
    });
  });

  it('takes explicit settings', () => {
    expect(exposureOf({ API_DOCS: 'off', METRICS_EXPOSURE: 'off', METRICS_TOKEN: TOKEN })).toEqual({
      docs: 'off',
      metrics: 'off',
    });
    expect(exposureOf({ METRICS_EXPOSURE: 'token', METRICS_TOKEN: TOKEN }).metrics).toBe('token');
  });

  it('refuses to open them in production, a token mode without a token, a short token and unknown values', () => {
    const refused = (env: Record<string, string>) => () => loadConfig(ExampleConfig, env);
    expect(refused({ NODE_ENV: 'production', API_DOCS: 'public' })).toThrow(
      /- API_DOCS must be off when NODE_ENV=production/,
    );
    expect(refused({ NODE_ENV: 'production', METRICS_EXPOSURE: 'public' })).toThrow(
      /- METRICS_EXPOSURE must be token or off when NODE_ENV=production/,
    );
    expect(refused({ METRICS_EXPOSURE: 'token' })).toThrow(/- METRICS_EXPOSURE is token, but METRICS_TOKEN is not set/);
    expect(refused({ METRICS_TOKEN: 'short' })).toThrow(/- METRICS_TOKEN must be at least 32 printable characters/);
    expect(refused({ API_DOCS: 'token' })).toThrow(/- API_DOCS must be one of: public, off/);
    expect(refused({ METRICS_EXPOSURE: 'open' })).toThrow(/- METRICS_EXPOSURE must be one of: public, token, off/);
  });

  it('never echoes the token in an error', () => {
    expect(() => loadConfig(ExampleConfig, { METRICS_TOKEN: 'secret value' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret value') }),
    );
  });
});
