import type { ScopedRecord } from '@lead/access';
import type { Actor } from '@lead/event-store';
import type { MergeParticipantRequest } from './merge-participant.request.js';

/** Who merges: the access context's actor and scope check. */
export interface ParticipantEditor {
  readonly actor: Actor;
  visible<T extends ScopedRecord>(record: T | undefined): T;
  canSee(record: ScopedRecord): boolean;
}

export interface MergeParticipantResult {
  participantId: string;
  mergedInto: string;
  revision: number;
}

/** A program admin's decision that two participant records are one person; the merged one's referrals count for `into`. */
export class MergeParticipantCommand {
  constructor(
    readonly participantId: string,
    readonly request: MergeParticipantRequest,
    readonly editor: ParticipantEditor,
    /** From `If-Match`: the merged participant's stream revision the admin decided on. */
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
