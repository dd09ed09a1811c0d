import { formatPosition, type EventStore, type RecordedEvent } from '@lead/event-store';
import {
  AUDIT_STREAM_PREFIX,
  PARTICIPANT_HISTORY_READ,
  PARTICIPANT_RECORD_READ,
  participantAuditStream,
  type ParticipantHistoryRead,
  type ParticipantRecordRead,
} from './access-audit-events.js';

/** Opens the sealed values of an event's data (`PersonalDataCipher.openAll`); shredded values read as erased. */
export interface SealedValueOpener {
  openAll<T>(participantId: string, data: T): Promise<T>;
}

/** One event of a participant's journey: what happened, where, when, by whom; its data only when opened. */
export interface JourneyEvent {
  eventId: string;
  position: string;
  recordedAt: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  jurisdiction: string | null;
  actor: { subject: string; agency: string; role: string } | null;
  correlationId: string;
  causationId: string | null;
  /** Present only when personal values were asked for, for the auditor's purpose, and opened. */
  data?: unknown;
}

export interface ParticipantJourney {
  participantId: string;
  asOf: string | null;
  events: JourneyEvent[];
}

/** Who read or was disclosed what of a participant, and the consents that governed it (42 CFR 2.24, HIPAA). */
export interface DisclosureAccounting {
  participantId: string;
  reads: Array<ParticipantRecordRead & { recordedAt: string; correlationId: string }>;
  historyReads: Array<ParticipantHistoryRead & { recordedAt: string }>;
  consents: Array<{
    type: string;
    recordedAt: string;
    streamId: string;
    actor: JourneyEvent['actor'];
    consentId: string | null;
    recipients: unknown;
    scope: unknown;
    purpose: unknown;
    expiry: unknown;
    revokedAt: unknown;
  }>;
}

/** The event types of a consent's life that the accounting lists (case management's). */
export const CONSENT_EVENT_TYPES: readonly string[] = ['ConsentRecorded', 'ConsentRevoked'];

const PAGE = 1000;

/**
 * Streams that name the participant without being their history: the access audit (the accounting's) and the
 * embedded bus's topic streams (libs/messaging `TOPIC_STREAM_PREFIX`: copies of what was published, not events).
 */
const NOT_THE_JOURNEY = [AUDIT_STREAM_PREFIX, 'topic-'] as const;

/**
 * A participant's history for auditors, read from the log itself, not from a read model: every service's events
 * name their participant in `metadata.participantId`, so one `$all` pass finds them all, in the order they were
 * recorded, limited to the auditor's jurisdictions. Cost: one pass over the whole log per question (seconds per
 * million events); it answers rarely asked, must-be-right questions.
 */
export class ParticipantHistory {
  constructor(
    private readonly store: EventStore,
    private readonly opener?: SealedValueOpener,
  ) {}

  /** Whether this service can open sealed values (it holds the key store). */
  get opensValues(): boolean {
    return this.opener !== undefined;
  }

  /**
   * Every event about the participant recorded at or before `asOf` (all when null), the access audit aside (that is
   * the accounting's). Data only with `withValues`, opened; undefined when none is visible to the jurisdictions.
   */
  async journey(
    participantId: string,
    options: { asOf: Date | null; jurisdictions: readonly string[]; withValues: boolean },
  ): Promise<ParticipantJourney | undefined> {
    const events: JourneyEvent[] = [];
    for await (const event of this.eventsOf(participantId, options.jurisdictions)) {
      if (NOT_THE_JOURNEY.some((prefix) => event.streamId.startsWith(prefix))) continue;
      if (options.asOf && event.recordedAt > options.asOf) continue;
      const entry = journeyEvent(event);
      if (options.withValues && this.opener) entry.data = await this.opener.openAll(participantId, event.data);
      events.push(entry);
    }
    if (events.length === 0) return undefined;
    return { participantId, asOf: options.asOf?.toISOString() ?? null, events };
  }

  /** The accounting of disclosures; undefined when nothing of the participant is visible to the jurisdictions. */
  async disclosures(
    participantId: string,
    options: { jurisdictions: readonly string[] },
  ): Promise<DisclosureAccounting | undefined> {
    const accounting: DisclosureAccounting = { participantId, reads: [], historyReads: [], consents: [] };
    let seen = 0;
    const auditStream = participantAuditStream(participantId);
    for await (const event of this.eventsOf(participantId, options.jurisdictions)) {
      seen++;
      const recordedAt = event.recordedAt.toISOString();
      if (event.streamId === auditStream && event.type === PARTICIPANT_RECORD_READ)
        accounting.reads.push({
          ...(event.data as ParticipantRecordRead),
          recordedAt,
          correlationId: event.metadata.correlationId,
        });
      else if (event.streamId === auditStream && event.type === PARTICIPANT_HISTORY_READ)
        accounting.historyReads.push({ ...(event.data as ParticipantHistoryRead), recordedAt });
      else if (CONSENT_EVENT_TYPES.includes(event.type) && !event.streamId.startsWith('topic-')) {
        const data = event.data as Record<string, unknown>;
        accounting.consents.push({
          type: event.type,
          recordedAt,
          streamId: event.streamId,
          actor: actorOf(event),
          consentId: typeof data.consentId === 'string' ? data.consentId : null,
          recipients: data.recipients ?? null,
          scope: data.scope ?? null,
          purpose: data.purpose ?? null,
          expiry: data.expiry ?? null,
          revokedAt: data.revokedAt ?? null,
        });
      }
    }
    return seen === 0 ? undefined : accounting;
  }

  private async *eventsOf(participantId: string, jurisdictions: readonly string[]): AsyncGenerator<RecordedEvent> {
    const id = participantId.toLowerCase();
    let after: RecordedEvent['position'] | 'start' = 'start';
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        const metadata = event.metadata;
        if (typeof metadata.participantId !== 'string' || metadata.participantId.toLowerCase() !== id) continue;
        const jurisdiction = metadata.jurisdiction;
        if (typeof jurisdiction === 'string' && !jurisdictions.includes(jurisdiction)) continue;
        yield event;
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1].position;
    }
  }
}

function actorOf(event: RecordedEvent): JourneyEvent['actor'] {
  const actor = event.metadata.actor;
  return actor ? { subject: actor.subject, agency: actor.agency, role: actor.role } : null;
}

function journeyEvent(event: RecordedEvent): JourneyEvent {
  const jurisdiction = event.metadata.jurisdiction;
  return {
    eventId: event.eventId,
    position: formatPosition(event.position),
    recordedAt: event.recordedAt.toISOString(),
    streamId: event.streamId,
    revision: event.streamRevision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : null,
    actor: actorOf(event),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
  };
}
