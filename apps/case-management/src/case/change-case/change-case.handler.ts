import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataCipher } from '@lead/crypto';
import { CaseProgramRegistry } from '../../program/case-program-registry.js';
import { ServiceTimers, CLOCK } from '@lead/scheduling/service';
import type { Clock } from '@lead/scheduling';
import type { CaseCommand } from '../case.commands.js';
import { caseDecider, type CaseState } from '../case.decider.js';
import { caseStream, CaseRepository } from '../case.repository.js';
import { caseVisibleTo } from '../case-visibility.js';
import { armEngagementTimers } from '../review-engagement/engagement-timers.js';
import { ChangeCaseCommand, type ChangeCaseResult } from './change-case.command.js';

/**
 * Every staff command on a case: load the case once, answer 404 unless the caller may reach it, let the use case
 * build its domain command (sealing what is personal with the participant's key), decide and append at the
 * revision loaded (or the one the caller saw), then arm the engagement timers the new state needs — before the
 * append for the state the decision predicts, and after it for the state stored (a conflict re-decides).
 */
@CommandHandler(ChangeCaseCommand)
export class ChangeCaseHandler implements ICommandHandler<ChangeCaseCommand, ChangeCaseResult> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseProgramRegistry) private readonly programs: CaseProgramRegistry,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(ServiceTimers) private readonly timers: ServiceTimers,
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
    const built = await change({
      state: loaded.state,
      opened,
      program,
      by: { subject: caller.principal.subject, agency: caller.principal.agency },
      at: this.clock.now().toISOString(),
      seal: (values) => this.cipher.sealEach(opened.participantId, values),
    });
    // A case manager's reach is their caseload: the decider checks it again on every (re-)decision.
    const command: CaseCommand =
      caller.role === 'case_manager' && 'by' in built ? { ...built, assignedOnly: true } : built;
    // The timers the decision will need, armed before it is stored: a crash between the append and the arming after
    // it must not leave a re-engaged case with no timer at all. Armed for nothing (the append then fails), they fire
    // a review that finds nothing to change.
    await armEngagementTimers(this.timers.schedule, predictedState(command, loaded.state));
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

/** The state the command would leave, if it is decided on the state loaded; the loaded state if it breaks a rule. */
function predictedState(command: CaseCommand, state: CaseState): CaseState {
  try {
    return caseDecider.decide(command, state).reduce(caseDecider.evolve, state);
  } catch {
    return state;
  }
}
