import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataCipher } from '@lead/crypto';
import { CaseProgramRegistry } from '../../program/case-program-registry.js';
import { CaseTimers, CLOCK } from '../../scheduling/case-timers.js';
import type { Clock } from '@lead/scheduling';
import { caseStream, CaseRepository } from '../case.repository.js';
import { caseVisibleTo } from '../case-visibility.js';
import { armEngagementTimers } from '../review-engagement/engagement-timers.js';
import { ChangeCaseCommand, type ChangeCaseResult } from './change-case.command.js';

/**
 * Every staff command on a case: load the case once, answer 404 unless the caller may reach it, let the use case
 * build its domain command (sealing what is personal with the participant's key), decide and append at the
 * revision loaded (or the one the caller saw), then arm the engagement timers the new state needs. A crash after
 * the append leaves the earlier timers, whose review arms the right ones.
 */
@CommandHandler(ChangeCaseCommand)
export class ChangeCaseHandler implements ICommandHandler<ChangeCaseCommand, ChangeCaseResult> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseProgramRegistry) private readonly programs: CaseProgramRegistry,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(CaseTimers) private readonly timers: CaseTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    caseId,
    caller,
    change,
    expectedRevision,
    correlationId,
  }: ChangeCaseCommand): Promise<ChangeCaseResult> {
    const stream = caseStream(caseId);
    const loaded = await this.cases.load(stream);
    const opened = caseVisibleTo(caller, loaded.state);
    const program = this.programs.of(opened.jurisdiction);
    if (!program) throw new Error(`${opened.jurisdiction} has no case-management program configured`);
    const command = await change({
      state: loaded.state,
      opened,
      program,
      by: { subject: caller.principal.subject, agency: caller.principal.agency },
      at: this.clock.now().toISOString(),
      seal: (values) => this.cipher.sealEach(opened.participantId, values),
    });
    const result = await this.cases.handle(stream, command, {
      loaded,
      metadata: {
        correlationId,
        actor: caller.actor,
        jurisdiction: opened.jurisdiction,
        participantId: opened.participantId,
      },
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    });
    await armEngagementTimers(this.timers.schedule, result.state);
    return { state: result.state, revision: result.revision };
  }
}
