export * from './event-envelope.js';
export * from './event-store.port.js';
export * from './errors.js';
export * from './expected-revision.js';
export * from './event-id.js';
export * from './canonical-json.js';
export * from './hash-chain.js';
export * from './position.js';
export * from './event-store-observer.js';
export * from './catch-up-subscription.js';
export * from './postgres/index.js';
export * from './decider.js';
export * from './aggregate-repository.js';
export * from './append-check.js';
export * from './stream-append.js';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/index.js';
export * from './audit/index.js';
export * from './delegating-event-store.js';
// The lead-audit CLI, for the front end in libs/access that adds the participant commands (journey, access).
export { countingReads, runAuditCli, type AuditCliIo } from './cli/audit-cli.js';
export {
  AuditSetupError,
  openAuditedStore,
  openExistingStore,
  type AuditedStore,
  type StoreConnection,
} from './cli/audited-store.js';
export { AUDIT_CLI_OPTIONS, AUDIT_CLI_USAGE, storeConnectionOf } from './cli/audit-cli-args.js';
export { formatRate, Progress, type ProgressOptions } from './cli/audit-cli-output.js';
