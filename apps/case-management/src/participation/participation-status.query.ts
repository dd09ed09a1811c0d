import type { AccessContext } from '@lead/access';

/** Police or a prosecutor ask whether a participant is in the program, under the participant's consent. */
export class ParticipationStatusQuery {
  constructor(
    readonly participantId: string,
    readonly reader: AccessContext,
  ) {}
}
