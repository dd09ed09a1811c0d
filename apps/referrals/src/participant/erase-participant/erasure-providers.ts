import type { Provider } from '@nestjs/common';
import { PostgresStreamPurge, unsupportedStreamPurge, type StreamPurge } from '@lead/event-store';
import { DATABASE_POOL, ServiceConfig } from '@lead/platform';
import type pg from 'pg';
import { MATCH_KEY_STREAM_PREFIX } from '../participant-match-key.js';
import { EraseParticipantHandler } from './erase-participant.handler.js';
import { ParticipantErasure, STREAM_PURGE } from './participant-erasure.js';

/**
 * The event store's purge, for the blind index's streams only (`participantmatch-`): every other stream stays
 * append-only. EventStoreDB keeps a hard-deleted stream's name for ever (a tombstone) and a soft-deleted one's until
 * scavenged, with its revision numbering continued, so on it an erasure is refused before anything is changed.
 */
export function streamPurgeFor(config: ServiceConfig, pool: pg.Pool): StreamPurge {
  if (config.EVENT_STORE === 'esdb')
    return unsupportedStreamPurge(
      'EventStoreDB keeps the name of a deleted stream (docs/referrals.md, "Erasure of a participant")',
    );
  return new PostgresStreamPurge({
    pool,
    schema: config.EVENT_STORE_SCHEMA,
    purgeablePrefixes: [MATCH_KEY_STREAM_PREFIX],
  });
}

/** What the referrals module provides for erasure: the purge, the erasure itself and the route's handler. */
export const erasureProviders: Provider[] = [
  { provide: STREAM_PURGE, inject: [ServiceConfig, DATABASE_POOL], useFactory: streamPurgeFor },
  ParticipantErasure,
  EraseParticipantHandler,
];
