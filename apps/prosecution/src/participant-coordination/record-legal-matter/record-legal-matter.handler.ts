import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamNotFound } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { coordinationRecordOf, type CoordinationResult } from '../get-coordination/coordination-record.js';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import { actingOffice, localDay, protocolNow } from '../prosecutor-offices.js';
import { RecordLegalMatterCommand } from './record-legal-matter.command.js';

/**
 * Records the legal matter on the participant's coordination stream. The offense is checked against the offense
 * catalogue of the jurisdiction's state, and the office against the protocol version in force: the decider says
 * what follows from both.
 */
@CommandHandler(RecordLegalMatterCommand)
export class RecordLegalMatterHandler implements ICommandHandler<RecordLegalMatterCommand, CoordinationResult> {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordLegalMatterCommand): Promise<CoordinationResult> {
    const now = this.clock.now();
    const protocol = protocolNow(this.jurisdictions, command.jurisdiction, now);
    if (!protocol) throw new Error(`No protocol version of ${command.jurisdiction} is configured.`);
    const offense = command.offenseCode === null ? undefined : this.jurisdictions.offenses.get(command.offenseCode);
    const stream = coordinationStream(command.participantId);
    const loaded = await this.coordinations.load(stream);
    // A participant of another jurisdiction answers as one never seen: no hint that they exist elsewhere.
    const known = loaded.state.participant;
    if (known && known.jurisdiction !== command.jurisdiction) throw new StreamNotFound(stream);
    const result = await this.coordinations.handle(
      stream,
      {
        type: 'RecordLegalMatter',
        legalMatterId: command.legalMatterId,
        participantId: command.participantId.toLowerCase(),
        jurisdiction: command.jurisdiction,
        kind: command.kind,
        offenseCode: command.offenseCode,
        offenseCatalogued: offense !== undefined && offense.state === protocol.state,
        occurredOn: command.occurredOn,
        recordedBy: actingOffice(protocol, command.recordedBy),
        today: localDay(this.jurisdictions, protocol, now),
        at: now.toISOString(),
      },
      {
        loaded,
        metadata: {
          correlationId: command.correlationId,
          actor: command.actor,
          jurisdiction: command.jurisdiction,
          participantId: command.participantId.toLowerCase(),
        },
      },
    );
    return { record: coordinationRecordOf(result.state)!, revision: result.revision };
  }
}
