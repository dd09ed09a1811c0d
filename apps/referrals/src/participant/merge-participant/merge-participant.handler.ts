import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainRuleViolation, WrongExpectedVersion } from '@lead/event-store';
import { erasureOf, mergedIntoOf, type ParticipantState } from '../participant.decider.js';
import type { MergeCandidate } from '../participant-merge-log.decider.js';
import { mergeLogStream, ParticipantMergeLogRepository } from '../participant-merge-log.repository.js';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { MergeParticipantCommand, type MergeParticipantResult } from './merge-participant.command.js';

/**
 * Loads the merged participant (another jurisdiction's, or none: 404) and the surviving record (`into`, answered
 * like a missing one when the caller may not see it); the jurisdiction's merge log decides the merge (its rules, one
 * merge after another), then the merged participant's stream records it at the revision loaded here.
 */
@CommandHandler(MergeParticipantCommand)
export class MergeParticipantHandler implements ICommandHandler<MergeParticipantCommand, MergeParticipantResult> {
  constructor(
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
    @Inject(ParticipantMergeLogRepository) private readonly mergeLog: ParticipantMergeLogRepository,
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
    const participant = editor.visible(candidateOf(merged.state));
    if (expectedRevision !== undefined && merged.revision !== expectedRevision) {
      throw new WrongExpectedVersion(stream, expectedRevision, merged.revision);
    }
    const target = await this.participants.load(participantStream(request.into));
    const into = candidateOf(target.state);
    // Checked before the merge log takes the entry, which would count as the merge (an erased record, or one being
    // erased, is the same person as no other; a merge into it would link a living record to an erasure).
    if (
      erasureOf(merged.state).status !== 'none' ||
      (into && editor.canSee(into) && erasureOf(target.state).status !== 'none')
    )
      throw new DomainRuleViolation(
        'erased_participant_not_merged',
        'An erased participant record (or one being erased) is merged with no other.',
      );
    const { jurisdiction } = participant;
    const metadata = { correlationId, actor: editor.actor, jurisdiction, participantId };
    const mergedBy = { subject: editor.actor.subject, agency: editor.actor.agency };
    const at = new Date().toISOString();
    await this.mergeLog.handle(
      mergeLogStream(jurisdiction),
      {
        type: 'LogParticipantMerge',
        participant,
        into: into && editor.canSee(into) ? into : null,
        mergedBy,
        reasonCode: request.reasonCode,
        at,
      },
      { metadata },
    );
    const result = await this.participants.handle(
      stream,
      { type: 'MergeParticipant', into: request.into, mergedBy, reasonCode: request.reasonCode, at },
      { metadata, loaded: merged, expectedRevision: merged.revision as number }, // a stream, or visible() answered 404
    );
    return { participantId, mergedInto: request.into, revision: result.revision };
  }
}

function candidateOf(state: ParticipantState): MergeCandidate | undefined {
  if (state.status === 'none') return undefined;
  return { participantId: state.participantId, jurisdiction: state.jurisdiction, mergedInto: mergedIntoOf(state) };
}
