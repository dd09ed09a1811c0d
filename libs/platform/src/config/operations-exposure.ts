import { ValidateBy, type ValidationArguments } from 'class-validator';

/** Who may read the OpenAPI document (`/docs`, `/docs-json`, `/docs-yaml`). */
export const API_DOCS_EXPOSURES = ['public', 'off'] as const;
export type ApiDocsExposure = (typeof API_DOCS_EXPOSURES)[number];

/** Who may scrape `/metrics`: anyone, a scraper presenting `METRICS_TOKEN` as a bearer token, or no one. */
export const METRICS_EXPOSURES = ['public', 'token', 'off'] as const;
export type MetricsExposure = (typeof METRICS_EXPOSURES)[number];

/** A scrape token at least this long: it is the only thing between the metrics and whoever reaches the port. */
export const METRICS_TOKEN_MIN_LENGTH = 32;

/** The settings that decide what the operations endpoints show, as `ServiceConfig` declares them. */
export interface ExposureSettings {
  NODE_ENV?: string;
  API_DOCS?: ApiDocsExposure;
  METRICS_EXPOSURE?: MetricsExposure;
  METRICS_TOKEN?: string;
}

export interface OperationsExposure {
  docs: ApiDocsExposure;
  metrics: MetricsExposure;
  /** Set when `metrics` is `token`. */
  metricsToken?: string;
}

const isProduction = (settings: ExposureSettings) => settings.NODE_ENV === 'production';

/**
 * What the service exposes, defaults applied. Outside production both are public, so `npm start` and the tests
 * read them as before. In production the document is off (integrators read docs/openapi-<service>.json, which is
 * the same document) and the metrics need `METRICS_TOKEN`: with none configured they are off, not open.
 */
export function operationsExposure(settings: ExposureSettings): OperationsExposure {
  const production = isProduction(settings);
  const docs = settings.API_DOCS ?? (production ? 'off' : 'public');
  const metrics =
    settings.METRICS_EXPOSURE ?? (settings.METRICS_TOKEN !== undefined ? 'token' : production ? 'off' : 'public');
  return metrics === 'token' ? { docs, metrics, metricsToken: settings.METRICS_TOKEN } : { docs, metrics };
}

function check(problem: (value: unknown, settings: ExposureSettings) => string | undefined): PropertyDecorator {
  return ValidateBy({
    name: 'operationsExposure',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        problem(value, args!.object as ExposureSettings) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `$property ${problem(args!.value, args!.object as ExposureSettings) ?? 'is invalid'}`,
    },
  });
}

/** `API_DOCS`: one of the exposures; never `public` in production. */
export function IsApiDocsExposure(): PropertyDecorator {
  return check((value, settings) => {
    if (value === undefined) return undefined;
    if (!(API_DOCS_EXPOSURES as readonly unknown[]).includes(value))
      return `must be one of: ${API_DOCS_EXPOSURES.join(', ')}`;
    if (value === 'public' && isProduction(settings))
      return 'must be off when NODE_ENV=production (integrators read docs/openapi-<service>.json)';
    return undefined;
  });
}

/** `METRICS_EXPOSURE`: one of the exposures; never `public` in production, `token` only with a token. */
export function IsMetricsExposure(): PropertyDecorator {
  return check((value, settings) => {
    if (value === undefined) return undefined;
    if (!(METRICS_EXPOSURES as readonly unknown[]).includes(value))
      return `must be one of: ${METRICS_EXPOSURES.join(', ')}`;
    if (value === 'public' && isProduction(settings))
      return 'must be token or off when NODE_ENV=production (set METRICS_TOKEN for the scraper)';
    if (value === 'token' && settings.METRICS_TOKEN === undefined) return 'is token, but METRICS_TOKEN is not set';
    return undefined;
  });
}

/** `METRICS_TOKEN`: long and printable, so it works as a bearer token in a scrape configuration. */
export function IsMetricsToken(): PropertyDecorator {
  return check((value) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length < METRICS_TOKEN_MIN_LENGTH || !/^[\x21-\x7e]+$/.test(value))
      return `must be at least ${METRICS_TOKEN_MIN_LENGTH} printable characters without spaces (openssl rand -hex 32)`;
    return undefined;
  });
}
