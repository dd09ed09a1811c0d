export { bootstrapService, exitOnStartupFailure } from './bootstrap/bootstrap-service.js';
export { configureServiceApp, JSON_BODY_LIMIT, SERVICE_APP_OPTIONS } from './bootstrap/configure-service-app.js';
export { listenServiceApp } from './bootstrap/listen-service-app.js';
export { SERVICE_DEFINITION, type ServiceDefinition } from './bootstrap/service-definition.js';
export { ConfigError, type InvalidSetting } from './config/config-error.js';
export { IsPostgresUrl } from './config/is-postgres-url.js';
export { loadConfig, type Environment } from './config/load-config.js';
export {
  BUS_KINDS,
  EVENT_STORE_KINDS,
  LOG_LEVELS,
  ServiceConfig,
  type BusKind,
  type EventStoreKind,
  type LogLevelName,
} from './config/service-config.js';
export { DATABASE_POOL } from './database/database-pool.js';
export {
  openReadModelDataSource,
  READ_MODEL_DATA_SOURCE,
  readModelDataSourceProvider,
  type OpenReadModelOptions,
  type ReadModelDefinition,
} from './database/read-model-data-source.js';
export { SERVICE_SCHEMA } from './database/service-schema.js';
export { EVENT_STORE } from './event-store/event-store.provider.js';
export * from './event-store/chain-integrity/index.js';
export {
  ReadinessChecks,
  type ReadinessCheck,
  type Degradation,
  type DegradationProbe,
} from './health/readiness-checks.js';
export { CORRELATION_ID_HEADER } from './http/correlation-id.middleware.js';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  ProblemType,
  type FieldError,
  type ProblemDescription,
  type ProblemDetails,
} from './http/problem-details.js';
export { REFUSED_CONNECTION_LISTENER, type RefusedConnectionListener } from './http/refused-connection-listener.js';
export { routedPath, UNROUTED_INSTANCE } from './http/request-path.js';
export { createValidationPipe } from './http/request-validation.js';
export { CLOCK_SKEW_ALLOWANCE_MS, IsNotInFuture } from './http/not-in-future.js';
export { IsInstant } from './http/is-instant.js';
export {
  RetentionSweep,
  type DeleteBatch,
  type RetentionSweepOptions,
  type SweepConnection,
  type SweepLogger,
  type SweepResult,
  type SweepScheduler,
} from './lifecycle/retention-sweep.js';
export { ShutdownRegistry, type Stoppable } from './lifecycle/shutdown-registry.js';
export * from './lifecycle/workers.js';
export { createLogger, type LoggerOptions } from './logging/create-logger.js';
export { LOG_DESTINATION, LOGGER } from './logging/logger.tokens.js';
export { PinoNestLogger } from './logging/pino-nest-logger.js';
export { currentCorrelationId, runWithCorrelationId } from './logging/request-context.js';
export { eventStoreObserver } from './metrics/event-store-observer.js';
export { PlatformMetrics } from './metrics/platform-metrics.js';
export { PlatformModule } from './platform.module.js';
export { IdempotencyInterceptor, IDEMPOTENCY_KEY_HEADER } from './http/idempotency/idempotency.interceptor.js';
export {
  ANONYMOUS_SCOPE,
  idempotencyScopeOf,
  type IdempotencyPrincipal,
} from './http/idempotency/idempotency-scope.js';
export { idempotencyRequestDigest } from './http/idempotency/idempotency-request-digest.js';
export { IdempotencyStore } from './http/idempotency/idempotency-store.js';
export {
  IdempotentByEffect,
  IdempotentRequestOf,
  type IdempotentRequest,
} from './http/idempotency/idempotent-by-effect.js';
export { IdempotencyKeyRetention } from './http/idempotency/idempotency-retention.js';
export { IfMatchRevision, parseIfMatch, setRevisionETag } from './http/stream-revision-etag.js';
export { API_VERSIONING } from './bootstrap/api-versioning.js';
export {
  API_DOCS_EXPOSURES,
  METRICS_EXPOSURES,
  operationsExposure,
  type ApiDocsExposure,
  type MetricsExposure,
  type OperationsExposure,
} from './config/operations-exposure.js';
export { OpenApiContribution, openApiContribution, type OpenApiContributor } from './openapi/openapi-contribution.js';
export { previewServiceOpenApiDocument } from './openapi/preview-service-document.js';
export { PROBLEM_SCHEMAS, problemResponse } from './openapi/problem-responses.js';
export type { OpenApiResponses, OperationResponse } from './openapi/response-schemas.js';
export { buildServiceOpenApiDocument } from './openapi/service-openapi-document.js';
export {
  ProjectionWorker,
  type ProjectionState,
  type ProjectionWorkerOptions,
  type Projector,
} from './lifecycle/projection-worker.js';
export { invalidField } from './http/invalid-field.js';
export * from './read-model-replay/index.js';
