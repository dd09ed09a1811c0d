import { createEventLog } from './0001-create-event-log.js';
import { stampByStream } from './0002-stamp-by-stream.js';
import type { Migration } from './migration.js';

/** Every migration of the event store schema, in version order. Add new files; never edit applied ones. */
export const eventStoreMigrations: readonly Migration[] = [createEventLog, stampByStream];
export type { Migration } from './migration.js';
