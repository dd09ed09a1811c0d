import { Inject, Injectable } from '@nestjs/common';
import { newEventId, StreamNotFound, type Actor, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import { revokeConsent, type Consent } from '../../src/disclosure/consent.js';
import type { ParticipantRecord, ParticipationStatus } from '../../src/disclosure/participant-record.js';

export interface StoredParticipant {
  record: ParticipantRecord;
  consent: Consent | undefined;
}

interface WriteMetadata {
  correlationId: string;
  actor: Actor;
  jurisdiction: string;
}

type ParticipantEvent =
  | { type: 'ParticipantRegistered'; record: ParticipantRecord }
  | { type: 'ParticipationStatusChanged'; status: ParticipationStatus }
  | { type: 'ConsentRecorded'; consent: Consent }
  | { type: 'ConsentRevoked'; revokedAt: string; recipients?: string[] };

/** Test-only store of participant records, as events in `participant-<id>` streams. */
@Injectable()
export class ParticipantRecords {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async register(record: Omit<ParticipantRecord, 'participantId'>, metadata: WriteMetadata): Promise<string> {
    const participantId = randomUUID();
    await this.append(
      participantId,
      { type: 'ParticipantRegistered', record: { ...record, participantId } },
      metadata,
      'no_stream',
    );
    return participantId;
  }

  async append(
    participantId: string,
    event: ParticipantEvent,
    metadata: WriteMetadata,
    expected: 'no_stream' | 'stream_exists' = 'stream_exists',
  ): Promise<void> {
    await this.store.appendToStream(
      `participant-${participantId}`,
      [
        {
          eventId: newEventId(),
          type: event.type,
          schemaVersion: 1,
          data: event,
          metadata: { ...metadata, participantId },
        },
      ],
      expected,
    );
  }

  async find(participantId: string): Promise<StoredParticipant | undefined> {
    let events;
    try {
      events = await this.store.readStream(`participant-${participantId}`);
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    let stored: StoredParticipant | undefined;
    for (const { data } of events) {
      const event = data as ParticipantEvent;
      if (event.type === 'ParticipantRegistered') stored = { record: event.record, consent: undefined };
      else if (!stored) continue;
      else if (event.type === 'ParticipationStatusChanged') stored.record = { ...stored.record, status: event.status };
      else if (event.type === 'ConsentRecorded') stored.consent = event.consent;
      else if (event.type === 'ConsentRevoked' && stored.consent) {
        stored.consent = revokeConsent(stored.consent, {
          revokedAt: event.revokedAt,
          ...(event.recipients ? { recipients: event.recipients } : {}),
        });
      }
    }
    return stored;
  }

  /** Every participant in the given jurisdictions (the filter is the query, not a later step). */
  async inJurisdictions(jurisdictions: readonly string[]): Promise<StoredParticipant[]> {
    const registered = await this.store.readAll({
      filter: { streamPrefixes: ['participant-'], eventTypes: ['ParticipantRegistered'] },
    });
    const ids = registered
      .filter((event) => jurisdictions.includes((event.data as { record: ParticipantRecord }).record.jurisdiction))
      .map((event) => (event.data as { record: ParticipantRecord }).record.participantId);
    const found = await Promise.all(ids.map((id) => this.find(id)));
    return found.filter((participant): participant is StoredParticipant => participant !== undefined);
  }
}
