import { createEventLog } from './0001-create-event-log.js';
import type { Migration } from './migration.js';

/** Every migration of the event store schema, in version order. Add new files; never edit applied ones. */
export const eventStoreMigrations: readonly Migration[] = [createEventLog];
export type { Migration } from './migration.js';
