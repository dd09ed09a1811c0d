import { formatPosition, type EventStore, type RecordedEvent, type StreamIntegrityGuard } from '@lead/event-store';
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
  /** The stream is held for an integrity audit (docs/audit.md): its history may be edited; values are not opened. */
  integrityHold?: readonly string[];
  /** Values were asked for and could not be opened (a key another owner's, or unreadable). */
  valuesUnavailable?: true;
}

export interface ParticipantJourney {
  participantId: string;
  asOf: string | null;
  /** The jurisdictions of the events shown (the participant's): where the auditor's read is recorded. */
  jurisdictions: string[];
  events: JourneyEvent[];
}

/** Who read or was disclosed what of a participant, and the consents that governed it (42 CFR 2.24, HIPAA). */
export interface DisclosureAccounting {
  participantId: string;
  /** The jurisdictions of the entries shown (the participant's). */
  jurisdictions: string[];
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
 * Streams that name the participant without being their history: the access audit (the accounting's), the embedded
 * bus's topic streams (libs/messaging `TOPIC_STREAM_PREFIX`: copies of what was published, not events) and the
 * referrals' blind index (`participantmatch-<HMAC of name and birth date>`: its name is personal).
 */
const NOT_THE_JOURNEY = [AUDIT_STREAM_PREFIX, 'topic-', 'participantmatch-'] as const;

/**
 * A participant's history for auditors, read from the log itself, not from a read model: every service's events
 * name their participant in `metadata.participantId`, so one `$all` pass finds them all, in the order they were
 * recorded, limited to the auditor's jurisdictions. Cost: one pass over the whole log per question (seconds per
 * million events); it answers rarely asked, must-be-right questions.
 */
export class ParticipantHistory {
  /** One scan of the log at a time per service: each is a pass over every event, on the event loop. */
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly opener?: SealedValueOpener,
    private readonly guard?: Pick<StreamIntegrityGuard, 'openFindings'>,
  ) {}

  private oneAtATime<T>(scan: () => Promise<T>): Promise<T> {
    const next = this.scanning.then(scan, scan);
    this.scanning = next.catch(() => undefined);
    return next;
  }

  /** Whether this service can open sealed values (it holds the key store). */
  get opensValues(): boolean {
    return this.opener !== undefined;
  }

  /**
   * Every event about the participant recorded at or before `asOf` (all when null), the access audit aside (that is
   * the accounting's). Data only with `withValues`, opened; undefined when none is visible to the jurisdictions.
   */
  journey(
    participantId: string,
    options: { asOf: Date | null; jurisdictions: readonly string[]; withValues: boolean },
  ): Promise<ParticipantJourney | undefined> {
    return this.oneAtATime(() => this.readJourney(participantId, options));
  }

  private async readJourney(
    participantId: string,
    options: { asOf: Date | null; jurisdictions: readonly string[]; withValues: boolean },
  ): Promise<ParticipantJourney | undefined> {
    const events: JourneyEvent[] = [];
    for await (const event of this.eventsOf(participantId, options.jurisdictions)) {
      if (NOT_THE_JOURNEY.some((prefix) => event.streamId.startsWith(prefix))) continue;
      if (options.asOf && event.recordedAt > options.asOf) continue;
      const entry = journeyEvent(event);
      const held = this.guard?.openFindings(event.streamId) ?? [];
      if (held.length > 0) entry.integrityHold = held;
      else if (options.withValues && this.opener) {
        try {
          entry.data = await this.opener.openAll(participantId, event.data);
        } catch {
          entry.valuesUnavailable = true;
        }
      }
      events.push(entry);
    }
    if (events.length === 0) return undefined;
    const seen = [...new Set(events.map((event) => event.jurisdiction!))];
    return { participantId, asOf: options.asOf?.toISOString() ?? null, jurisdictions: seen, events };
  }

  /** The accounting of disclosures; undefined when nothing of the participant is visible to the jurisdictions. */
  disclosures(
    participantId: string,
    options: { jurisdictions: readonly string[] },
  ): Promise<DisclosureAccounting | undefined> {
    return this.oneAtATime(() => this.readDisclosures(participantId, options));
  }

  private async readDisclosures(
    participantId: string,
    options: { jurisdictions: readonly string[] },
  ): Promise<DisclosureAccounting | undefined> {
    const accounting: DisclosureAccounting = {
      participantId,
      jurisdictions: [],
      reads: [],
      historyReads: [],
      consents: [],
    };
    const seen = new Set<string>();
    const auditStream = participantAuditStream(participantId);
    for await (const event of this.eventsOf(participantId, options.jurisdictions)) {
      seen.add(event.metadata.jurisdiction as string);
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
    if (seen.size === 0) return undefined;
    accounting.jurisdictions = [...seen];
    return accounting;
  }

  private async *eventsOf(participantId: string, jurisdictions: readonly string[]): AsyncGenerator<RecordedEvent> {
    const id = participantId.toLowerCase();
    let after: RecordedEvent['position'] | 'start' = 'start';
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        const metadata = event.metadata;
        if (typeof metadata.participantId !== 'string' || metadata.participantId.toLowerCase() !== id) continue;
        // An event that names no jurisdiction belongs to none the auditor may see: it is not shown.
        const jurisdiction = metadata.jurisdiction;
        if (typeof jurisdiction !== 'string' || !jurisdictions.includes(jurisdiction)) continue;
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
