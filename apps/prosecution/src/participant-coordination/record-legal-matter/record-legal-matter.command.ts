import type { Actor } from '@lead/event-store';
import type { LegalMatterKind } from '../participant-coordination.events.js';

/**
 * A legal matter of a participant, recorded for a prosecutor office: by its staff over HTTP, or (later) by a
 * justice-system import acting for that office, sending this same command. The import mints the legal matter id
 * from its source record, so sending it again records nothing new.
 */
export class RecordLegalMatterCommand {
  constructor(
    readonly legalMatterId: string,
    readonly participantId: string,
    readonly jurisdiction: string,
    readonly kind: LegalMatterKind,
    readonly offenseCode: string | null,
    readonly occurredOn: string,
    /** The recording office and the staff id acting for it. */
    readonly recordedBy: { subject: string; agency: string },
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}
