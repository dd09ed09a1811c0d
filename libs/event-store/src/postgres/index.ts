export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';
export { migrate, quoteSchema } from './migrator.js';
export type { Migration } from './migrations/migration.js';
export { FenceWatch, type FenceHolder, type FenceSample } from './fence-watch.js';
export {
  PostgresStreamPurge,
  StreamNotPurgeable,
  StreamPurgeUnsupported,
  unsupportedStreamPurge,
  type PostgresStreamPurgeOptions,
  type PurgeResult,
  type StreamPurge,
} from './postgres-stream-purge.js';
