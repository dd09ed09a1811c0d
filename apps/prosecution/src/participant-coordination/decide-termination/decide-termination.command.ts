import type { Actor } from '@lead/event-store';
import type { DecideTerminationRequest } from './decide-termination.request.js';

/** A prosecutor office's termination of a participant on the DA's criteria; `expectedRevision` from `If-Match`. */
export class DecideTerminationCommand {
  constructor(
    readonly participantId: string,
    readonly request: DecideTerminationRequest,
    readonly decidedBy: { subject: string; agency: string },
    readonly actor: Actor,
    readonly jurisdictions: readonly string[],
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
