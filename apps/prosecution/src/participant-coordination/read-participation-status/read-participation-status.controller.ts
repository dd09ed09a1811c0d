import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { Caller, ParticipantRead, type AccessContext, type Disclosure } from '@lead/access';
import { StreamNotFound } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import { consentForRecipient, participationStatusOf } from '../participation-status.js';
import { liaisonOffice, protocolNow } from '../prosecutor-offices.js';

@Controller('participants')
export class ReadParticipationStatusController {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The participation status (enrolled, engaged, intake by the deadline, exited) for the liaison prosecutor office,
   * only while a consent case management recorded names it, with the consent's scope and the 42 CFR 2.32 notice.
   * Audited. Any other office, no consent, an expired or revoked one: 404, like a participant never seen.
   */
  @Get(':participantId/coordination/participation-status')
  @ParticipantRead()
  async read(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Caller() caller: AccessContext,
  ): Promise<Disclosure> {
    const { state } = await this.coordinations.load(coordinationStream(participantId));
    if (!state.participant || state.caseIds.length === 0) throw new StreamNotFound('(no case of this participant)');
    const participant = caller.visible(state.participant);
    const now = this.clock.now();
    const liaison = liaisonOffice(protocolNow(this.jurisdictions, participant.jurisdiction, now));
    // Only the liaison is a recipient here: another office's consent, if any, is for case management's route.
    const consent =
      liaison !== undefined && caller.principal.agency === liaison
        ? consentForRecipient(state.consents, liaison, now)
        : undefined;
    return caller.disclose(
      {
        participantId: participant.participantId,
        jurisdiction: participant.jurisdiction,
        identity: { name: null, dateOfBirth: null },
        status: participationStatusOf(state),
      },
      consent,
      now,
    );
  }
}
