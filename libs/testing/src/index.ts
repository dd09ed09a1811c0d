// Test tooling: imported only by specs, int-specs, test/ and bench/, never by a service's runtime code
// (the dependency rule `no-test-tooling-in-runtime` in .dependency-cruiser.cjs holds it so).
export * from './isolated-schema.js';
export * from './service-shell.js';
export * from './eventually.js';
export * from './service-app.js';
export * from './decider-specification.js';
// A service built like production on a random port, its logs, a scheduler and a TCP proxy for fault tests.
export {
  dropSchemas,
  startTestService,
  TEST_DATABASE_URL,
  type TestService,
  type TestServiceOptions,
} from './test-service.js';
export { LogCapture, type LogLine } from './log-capture.js';
export { ManualScheduler } from './manual-scheduler.js';
export { TcpProxy } from './tcp-proxy.js';
// Request and route checks for the services' suites (no test-framework imports: plain functions returning reports).
export { dtoShape, kindOf, type DtoShape, type FieldShape, type ValueKind } from './dto-shape.js';
export {
  appendedSince,
  LOG_MARKER_STREAM_PREFIX,
  markLog,
  type AppendedSinceOptions,
  type LogMarker,
} from './events-appended.js';
export { fuzzWriteEndpoint, type FuzzReport, type FuzzWriteEndpointOptions } from './fuzz-write-endpoint.js';
export { expectFuzzRefusedAll } from './expect-fuzz-refused.js';
export { malformedBodies, type BodyCase } from './malformed-bodies.js';
export { malformedTokens, type TokenCase, type TokenFactory } from './malformed-tokens.js';
export {
  runRouteMatrix,
  type MatrixCase,
  type MatrixRequest,
  type RouteFixture,
  type RouteMatrixOptions,
  type RouteMatrixReport,
} from './route-matrix.js';
export { participantHistoryFixtures } from './participant-history-fixtures.js';
export { freePort } from './free-port.js';
export { SeededRandom } from './seeded-random.js';
// OpenAPI documents: requests built from a document's own examples.
export {
  exampleOf,
  missingExamples,
  operationsOf,
  resolveSchema,
  type OpenApiNode,
} from './openapi/document-examples.js';
// The referrals service's messages on the embedded bus, for the services that follow referrals.
export {
  publishReferralAccepted,
  publishReferralEvent,
  publishReferralHandedOff,
  publishReferralRecorded,
  republishReferralEvent,
  type TestReferral,
  type TestReferralOptions,
} from './referral-messages.js';
export {
  publishCaseEvent,
  publishCaseOpened,
  publishConsentRecorded,
  publishIntakeCompleted,
  type TestCase,
} from './case-messages.js';
export { publishOnEmbeddedBus, type MessageSubject } from './embedded-bus-message.js';
// The installed lead-audit, run as a process.
export { assertBuiltForLeadAudit, runLeadAudit, type ProcessRun } from './lead-audit-process.js';
export { recomputeChainInSql } from './chain-rewrite.js';
