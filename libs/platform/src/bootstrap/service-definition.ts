import type { AppendCheck } from '@lead/event-store';
import type { ServiceConfig } from '../config/service-config.js';

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
}

/** Injection token of the `ServiceDefinition` the platform was started with. */
export const SERVICE_DEFINITION = Symbol('ServiceDefinition');
