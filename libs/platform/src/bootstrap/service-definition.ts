import type { AppendCheck } from '@lead/event-store';
import type { ServiceConfig } from '../config/service-config.js';
import type { OpenApiResponses } from '../openapi/response-schemas.js';

/** What a service tells the platform about itself; shared by its module and its `main.ts`. */
export interface ServiceDefinition<Config extends ServiceConfig = ServiceConfig> {
  /** Appears in every log line, metric and the OpenAPI title, e.g. `referrals`. */
  serviceName: string;
  /** PostgreSQL schema for the service's own tables (overridable with `DATABASE_SCHEMA`). */
  schema: string;
  /** The service's settings class; its property names are the environment variable names. */
  config: new () => Config;
  /**
   * Looks at every append to the service's event store before it is stored; throwing refuses it. A producing
   * service passes `publishableAppendCheck(itsPublication, assertValidIntegrationEvent)` (libs/messaging): nothing
   * is stored that its relay could not publish.
   */
  appendCheck?: AppendCheck;
  /**
   * What the OpenAPI document cannot read from metadata: the success bodies, generated from the controllers'
   * return types into `<service>.openapi-responses.ts` by `npm run docs:openapi`.
   */
  openApi?: { responses: OpenApiResponses };
}

/** Injection token of the `ServiceDefinition` the platform was started with. */
export const SERVICE_DEFINITION = Symbol('ServiceDefinition');
