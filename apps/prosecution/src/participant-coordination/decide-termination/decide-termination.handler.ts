import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamNotFound } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { coordinationRecordOf, type CoordinationResult } from '../get-coordination/coordination-record.js';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import { actingOffice, protocolNow } from '../prosecutor-offices.js';
import { DecideTerminationCommand } from './decide-termination.command.js';

/**
 * The termination: on a participant whose case the office knows (else 404, as if absent), with the criteria of the
 * protocol version in force now (never of a time the caller picks). Published as
 * `lead.prosecution.termination-decided`; case management exits the case where its program allows it.
 */
@CommandHandler(DecideTerminationCommand)
export class DecideTerminationHandler implements ICommandHandler<DecideTerminationCommand, CoordinationResult> {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: DecideTerminationCommand): Promise<CoordinationResult> {
    const stream = coordinationStream(command.participantId);
    const loaded = await this.coordinations.load(stream);
    const participant = loaded.state.participant;
    if (!participant || loaded.state.caseIds.length === 0 || !command.jurisdictions.includes(participant.jurisdiction))
      throw new StreamNotFound(stream);
    const now = this.clock.now();
    const protocol = protocolNow(this.jurisdictions, participant.jurisdiction, now);
    if (!protocol) throw new Error(`No protocol version of ${participant.jurisdiction} is configured.`);
    const result = await this.coordinations.handle(
      stream,
      {
        type: 'DecideTermination',
        criterionCode: command.request.criterionCode,
        adoptedCriteria: (protocol.terminationCriteria ?? []).map((c) => c.code),
        protocolVersion: protocol.version,
        jurisdiction: participant.jurisdiction,
        decidedBy: actingOffice(protocol, command.decidedBy),
        at: new Date(command.request.decidedAt ?? now).toISOString(),
      },
      {
        loaded,
        metadata: {
          correlationId: command.correlationId,
          actor: command.actor,
          jurisdiction: participant.jurisdiction,
          participantId: participant.participantId,
        },
        ...(command.expectedRevision !== undefined ? { expectedRevision: command.expectedRevision } : {}),
      },
    );
    return { record: coordinationRecordOf(result.state)!, revision: result.revision };
  }
}
