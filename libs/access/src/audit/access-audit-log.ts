import { formatPosition, newEventId, parsePosition, type EventStore, type RecordedEvent } from '@lead/event-store';
import {
  ACCESS_AUDIT_EVENT_TYPES,
  ADDRESS_THROTTLE_LIFTED,
  AUDIT_STREAM_PREFIX,
  PARTICIPANT_HISTORY_READ,
  PARTICIPANT_RECORD_READ,
  participantAuditStream,
  REQUESTS_REFUSED,
  type AccessAuditEventType,
  type AddressThrottleLifted,
  type AuthorizationFailed,
  type ParticipantHistoryRead,
  type ParticipantRecordRead,
  type RequestsRefused,
} from './access-audit-events.js';

type AccessAuditData =
  ParticipantRecordRead | AuthorizationFailed | RequestsRefused | AddressThrottleLifted | ParticipantHistoryRead;

export interface AccessAuditQuery {
  participantId?: string;
  /** The caller whose reads or failures to list. */
  subject?: string;
  type?: AccessAuditEventType;
  from?: Date;
  to?: Date;
  /** Continue after this cursor (`next` of the previous page). */
  after?: string;
  limit: number;
}

export interface AccessAuditEntry {
  eventId: string;
  type: AccessAuditEventType;
  recordedAt: string;
  jurisdiction: string | null;
  correlationId: string;
  data: AccessAuditData;
}

export interface AccessAuditPage {
  entries: AccessAuditEntry[];
  /** Present when more entries may follow. */
  next?: string;
}

const PAGE = 500;

/**
 * The access audit trail, kept in the event store like everything else: hash-chained, replayable,
 * untouched by erasure (it names participants by id only). Reads of participant records are appended
 * here one by one; refused requests are counted per address and window (`RefusalLedger`); auditors query it.
 */
export class AccessAuditLog {
  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async recordRead(read: Omit<ParticipantRecordRead, 'readAt'>, correlationId: string): Promise<void> {
    const data: ParticipantRecordRead = { ...read, readAt: this.now().toISOString() };
    await this.appendToParticipant(PARTICIPANT_RECORD_READ, data, read.jurisdiction, correlationId);
  }

  /**
   * An auditor's read of a participant's history, in the participant's audit stream beside every other read, under
   * the participant's jurisdiction (`recordUnder`: that of the events shown), so the participant's auditors see it.
   */
  async recordHistoryRead(
    read: Omit<ParticipantHistoryRead, 'readAt'>,
    correlationId: string,
    recordUnder: string | null = read.jurisdictions[0] ?? null,
  ): Promise<void> {
    const data: ParticipantHistoryRead = { ...read, readAt: this.now().toISOString() };
    await this.appendToParticipant(PARTICIPANT_HISTORY_READ, data, recordUnder, correlationId);
  }

  private async appendToParticipant(
    type: string,
    data: ParticipantRecordRead | ParticipantHistoryRead,
    jurisdiction: string | null,
    correlationId: string,
  ): Promise<void> {
    await this.store.appendToStream(
      participantAuditStream(data.participantId),
      [
        {
          eventId: newEventId(),
          type,
          schemaVersion: 1,
          data,
          metadata: { correlationId, actor: data.actor, jurisdiction, participantId: data.participantId },
        },
      ],
      'any',
    );
  }

  /**
   * Entries matching the filter, in the order they were recorded, limited to what the auditor's
   * jurisdictions cover. Refusals before authentication belong to no jurisdiction: every auditor sees them.
   * Scans the audit streams of the log; the reporting service keeps a read model for large volumes.
   */
  async query(filter: AccessAuditQuery, visibleJurisdictions: readonly string[]): Promise<AccessAuditPage> {
    const prefix = filter.participantId ? participantAuditStream(filter.participantId) : AUDIT_STREAM_PREFIX;
    const eventTypes = filter.type ? [filter.type] : [...ACCESS_AUDIT_EVENT_TYPES];
    const entries: AccessAuditEntry[] = [];
    let after = filter.after ? parsePosition(filter.after) : ('start' as const);
    for (;;) {
      const page = await this.store.readAll({
        after,
        maxCount: PAGE,
        filter: { streamPrefixes: [prefix], eventTypes },
      });
      for (const event of page) {
        after = event.position;
        if (!this.matches(event, filter, visibleJurisdictions)) continue;
        entries.push(toEntry(event));
        if (entries.length === filter.limit) return { entries, next: formatPosition(event.position) };
      }
      if (page.length < PAGE) return { entries };
    }
  }

  private matches(event: RecordedEvent, filter: AccessAuditQuery, visible: readonly string[]): boolean {
    const jurisdiction = event.metadata.jurisdiction;
    if (typeof jurisdiction === 'string' && !visible.includes(jurisdiction)) return false;
    if (filter.from && event.recordedAt < filter.from) return false;
    if (filter.to && event.recordedAt >= filter.to) return false;
    if (filter.subject !== undefined && !subjectsOf(event).includes(filter.subject)) return false;
    return true;
  }
}

/** The callers an entry is about: the reader, the refused subjects (verified tokens only), the administrator. */
function subjectsOf(event: RecordedEvent): (string | null | undefined)[] {
  switch (event.type) {
    case PARTICIPANT_RECORD_READ:
      return [(event.data as ParticipantRecordRead).actor?.subject];
    case REQUESTS_REFUSED:
      return (event.data as RequestsRefused).refusals.map((refusal) => refusal.subject);
    case ADDRESS_THROTTLE_LIFTED:
      return [(event.data as AddressThrottleLifted).actor.subject];
    case PARTICIPANT_HISTORY_READ:
      return [(event.data as ParticipantHistoryRead).actor.subject];
    default:
      return [(event.data as AuthorizationFailed).subject];
  }
}

function toEntry(event: RecordedEvent): AccessAuditEntry {
  const jurisdiction = event.metadata.jurisdiction;
  return {
    eventId: event.eventId,
    type: event.type as AccessAuditEventType,
    recordedAt: event.recordedAt.toISOString(),
    jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : null,
    correlationId: event.metadata.correlationId,
    data: event.data as AccessAuditData,
  };
}
