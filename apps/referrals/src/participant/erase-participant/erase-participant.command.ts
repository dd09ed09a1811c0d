import type { ParticipantEditor } from '../merge-participant/merge-participant.command.js';
import type { EraseParticipantRequest } from './erase-participant.request.js';

export interface EraseParticipantResult {
  erasureId: string;
  participantId: string;
  /** Every record of the person that was erased: the one named and those merged with it. */
  participants: string[];
  /** True when the person was erased before: nothing was left to do. */
  alreadyErased: boolean;
}

/** A program admin's order to erase a participant (the whole person), with the reason as a code. */
export class EraseParticipantCommand {
  constructor(
    readonly participantId: string,
    readonly request: EraseParticipantRequest,
    readonly editor: ParticipantEditor,
    readonly correlationId: string,
  ) {}
}
