import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleViolation, WrongExpectedVersion } from '@lead/event-store';
import { participantDecider } from '../participant.decider.js';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { MergeParticipantCommand, type MergeParticipantResult } from './merge-participant.command.js';
import { ParticipantMergeLog } from './participant-merge-log.js';

/**
 * Loads the merged participant (another jurisdiction's, or none: 404) and the surviving record
 * (`into`), then lets the participant decider rule: same jurisdiction, neither merged already, a
 * reason code. A surviving record the caller may not see is answered like a missing one. Merges of one
 * jurisdiction are serialised through its merge log (see ParticipantMergeLog).
 */
@CommandHandler(MergeParticipantCommand)
export class MergeParticipantHandler implements ICommandHandler<MergeParticipantCommand, MergeParticipantResult> {
  constructor(
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
    @Inject(ParticipantMergeLog) private readonly mergeLog: ParticipantMergeLog,
  ) {}

  async execute({
    participantId,
    request,
    editor,
    expectedRevision,
    correlationId,
  }: MergeParticipantCommand): Promise<MergeParticipantResult> {
    const stream = participantStream(participantId);
    const merged = await this.participants.load(stream);
    const jurisdiction = editor.visible(
      merged.state.jurisdiction === null ? undefined : { jurisdiction: merged.state.jurisdiction },
    ).jurisdiction;
    // Merges are decided on the jurisdiction's merge log, appended to at the revision read here.
    const log = await this.mergeLog.read(jurisdiction);
    if (expectedRevision !== undefined && merged.revision !== expectedRevision) {
      throw new WrongExpectedVersion(stream, expectedRevision, merged.revision);
    }
    const into = (await this.participants.load(participantStream(request.into))).state;
    if (
      into.participantId === null ||
      into.jurisdiction === null ||
      !editor.canSee({ jurisdiction: into.jurisdiction })
    ) {
      throw new DomainRuleViolation(
        'merge_target_not_found',
        'There is no participant to merge into with that id in your jurisdictions.',
      );
    }
    const command = {
      type: 'MergeParticipant' as const,
      into: {
        participantId: into.participantId,
        jurisdiction: into.jurisdiction,
        mergedInto: log.mergedInto.get(into.participantId) ?? into.mergedInto,
      },
      mergedBy: { subject: editor.actor.subject, agency: editor.actor.agency },
      reasonCode: request.reasonCode,
      at: new Date().toISOString(),
    };
    // Refuses here, before the log is touched, what the decider refuses.
    participantDecider.decide(command, {
      ...merged.state,
      mergedInto: log.mergedInto.get(participantId) ?? merged.state.mergedInto,
    });
    const metadata = { correlationId, actor: editor.actor, jurisdiction, participantId };
    await this.mergeLog.append(jurisdiction, log.revision, { participantId, into: into.participantId }, metadata);
    const result = await this.participants.handle(stream, command, {
      metadata,
      expectedRevision: merged.revision as number,
    });
    return { participantId, mergedInto: into.participantId, revision: result.revision };
  }
}
