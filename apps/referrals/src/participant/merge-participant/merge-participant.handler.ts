import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleViolation } from '@lead/event-store';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { MergeParticipantCommand, type MergeParticipantResult } from './merge-participant.command.js';

/**
 * Loads the merged participant (another jurisdiction's, or none: 404) and the surviving record
 * (`into`), then lets the participant decider rule: same jurisdiction, neither merged already, a
 * reason code. A surviving record the caller may not see is answered like a missing one.
 */
@CommandHandler(MergeParticipantCommand)
export class MergeParticipantHandler implements ICommandHandler<MergeParticipantCommand, MergeParticipantResult> {
  constructor(@Inject(ParticipantRepository) private readonly participants: ParticipantRepository) {}

  async execute({ participantId, request, editor, expectedRevision, correlationId }: MergeParticipantCommand): Promise<MergeParticipantResult> {
    const stream = participantStream(participantId);
    const merged = await this.participants.load(stream);
    const jurisdiction = editor.visible(merged.state.jurisdiction === null ? undefined : { jurisdiction: merged.state.jurisdiction }).jurisdiction;
    const into = (await this.participants.load(participantStream(request.into))).state;
    if (into.participantId === null || into.jurisdiction === null || !editor.canSee({ jurisdiction: into.jurisdiction })) {
      throw new DomainRuleViolation('merge_target_not_found', 'There is no participant to merge into with that id in your jurisdictions.');
    }
    const result = await this.participants.handle(
      stream,
      {
        type: 'MergeParticipant',
        into: { participantId: into.participantId, jurisdiction: into.jurisdiction, mergedInto: into.mergedInto },
        mergedBy: { subject: editor.actor.subject, agency: editor.actor.agency },
        reasonCode: request.reasonCode,
        at: new Date().toISOString(),
      },
      {
        metadata: { correlationId, actor: editor.actor, jurisdiction, participantId },
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      },
    );
    return { participantId, mergedInto: into.participantId, revision: result.revision };
  }
}
