import type { Migration } from '@lead/event-store';
import { createParticipantDataKeys } from './0001-create-participant-data-keys.js';

/** Every migration of the key store schema, in version order. Add new files; never edit applied ones. */
export const keyStoreMigrations: readonly Migration[] = [createParticipantDataKeys];
