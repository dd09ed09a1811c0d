import type { Actor } from '@lead/event-store';
import type { DecideLegalMatterRequest } from './decide-legal-matter.request.js';

/** The liaison's decision on a legal matter; `expectedRevision` from `If-Match`, when sent. */
export class DecideLegalMatterCommand {
  constructor(
    readonly participantId: string,
    readonly legalMatterId: string,
    readonly request: DecideLegalMatterRequest,
    readonly decidedBy: { subject: string; agency: string },
    readonly actor: Actor,
    readonly jurisdictions: readonly string[],
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
