import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamNotFound } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { startOfLocalDay } from '../../prosecution-matter/intake-deadline/local-calendar.js';
import { coordinationRecordOf, type CoordinationResult } from '../get-coordination/coordination-record.js';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import { actingOffice, localDay, protocolNow } from '../prosecutor-offices.js';
import { DeferralTimers } from '../review-deferral/deferral-timers.js';
import { DecideLegalMatterCommand } from './decide-legal-matter.command.js';

/**
 * The liaison's decision: the participant's coordination must be visible to the caller (else 404, as if absent);
 * the decider says whether the caller is the liaison office and the matter still theirs to decide. A deferral's
 * review is armed after the append (and re-armed by every later decision: arming an armed timer changes nothing).
 */
@CommandHandler(DecideLegalMatterCommand)
export class DecideLegalMatterHandler implements ICommandHandler<DecideLegalMatterCommand, CoordinationResult> {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(DeferralTimers) private readonly timers: DeferralTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: DecideLegalMatterCommand): Promise<CoordinationResult> {
    const stream = coordinationStream(command.participantId);
    const loaded = await this.coordinations.load(stream);
    const participant = loaded.state.participant;
    if (!participant || !command.jurisdictions.includes(participant.jurisdiction)) throw new StreamNotFound(stream);
    if (!loaded.state.legalMatters[command.legalMatterId.toLowerCase()]) throw new StreamNotFound(stream);
    const now = this.clock.now();
    const protocol = protocolNow(this.jurisdictions, participant.jurisdiction, now);
    if (!protocol) throw new Error(`No protocol version of ${participant.jurisdiction} is configured.`);
    const { request } = command;
    const deferUntil = request.deferUntil ?? null;
    const zone = this.jurisdictions.timeZoneOf(protocol.jurisdiction, protocol.version);
    const at = new Date(request.decidedAt ?? now).toISOString();
    const result = await this.coordinations.handle(
      stream,
      {
        type: 'DecideLegalMatter',
        legalMatterId: command.legalMatterId.toLowerCase(),
        decision: request.decision,
        reasonCode: request.reasonCode,
        deferUntil,
        reviewAt: deferUntil === null ? null : startOfLocalDay(deferUntil, zone).toISOString(),
        decidedBy: actingOffice(protocol, command.decidedBy),
        today: localDay(this.jurisdictions, protocol, at),
        at,
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
    await this.timers.arm(result.state);
    return { record: coordinationRecordOf(result.state)!, revision: result.revision };
  }
}
