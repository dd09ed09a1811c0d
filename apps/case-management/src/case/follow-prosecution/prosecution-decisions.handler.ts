import { Inject, Injectable } from '@nestjs/common';
import type { LatestIntegrationEvent } from '@lead/contracts';
import { PersonalDataCipher } from '@lead/crypto';
import { DomainRuleViolation } from '@lead/event-store/decider';
import { systemActor } from '@lead/jurisdictions';
import { ParticipantCases } from '../../participation/participant-cases.js';
import { CaseProgramRegistry } from '../../program/case-program-registry.js';
import type { CaseCommand } from '../case.commands.js';
import { caseStream, CaseRepository } from '../case.repository.js';
import { exitDestination } from '../exit-destination.js';

type Coordinated = Extract<LatestIntegrationEvent, { type: 'lead.prosecution.legal-matter-coordinated' }>;
type Terminated = Extract<LatestIntegrationEvent, { type: 'lead.prosecution.termination-decided' }>;

const ACTOR = systemActor('case-management');

/**
 * The prosecution service's decisions on a participant, applied to their latest case in the message's jurisdiction
 * through the case decider (system commands; event ids derived from the message id, so a redelivery appends
 * nothing). A refusal (`no_termination_criteria`, `case_exited`, `case_not_found`) is thrown: the message is retried,
 * then dead-lettered after MESSAGING_MAX_ATTEMPTS for an operator.
 */
@Injectable()
export class ProsecutionDecisionsHandler {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(ParticipantCases) private readonly participantCases: ParticipantCases,
    @Inject(CaseProgramRegistry) private readonly programs: CaseProgramRegistry,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async noteLegalMatter(event: Coordinated): Promise<void> {
    const caseId = await this.latestCase(event);
    // A legal matter of someone the program never opened a case for: nothing to plan around here.
    if (!caseId) return;
    const { legalMatterId, kind, status, since } = event.data;
    await this.decide(event, caseId, { type: 'NoteLegalMatter', legalMatterId, kind, status, since });
  }

  async exitOnCriteria(event: Terminated): Promise<void> {
    const caseId = await this.latestCase(event);
    if (!caseId) throw new DomainRuleViolation('case_not_found', `Participant ${event.participantId} has no case.`);
    const program = this.programs.of(event.jurisdiction);
    if (!program) throw new Error(`${event.jurisdiction} has no case-management program configured`);
    // The prosecutor's decision asks no one where the participant goes: HMIS 3.12 `30`, no exit interview.
    const [destination] = await this.cipher.sealEach(event.participantId, [
      exitDestination('terminated_by_prosecutor_criteria', undefined),
    ]);
    const { criterionCode, protocolVersion, decidedBy, decidedAt } = event.data;
    await this.decide(event, caseId, {
      type: 'ExitOnProsecutorCriteria',
      decisionId: event.id,
      criterionCode,
      protocolVersion,
      decidedBy: { subject: decidedBy.staffId, agency: decidedBy.agency },
      decidedAt: new Date(decidedAt).toISOString(),
      destination: destination!,
      terminationCriteriaSet: program.terminationCriteria,
    });
  }

  private async latestCase(event: Coordinated | Terminated): Promise<string | undefined> {
    const [latest] = await this.participantCases.of(event.participantId, [event.jurisdiction]);
    return latest;
  }

  private async decide(event: Coordinated | Terminated, caseId: string, command: CaseCommand): Promise<void> {
    await this.cases.handle(caseStream(caseId), command, {
      sourceEventId: event.id,
      metadata: {
        correlationId: event.correlationId,
        causationId: event.id,
        actor: ACTOR,
        jurisdiction: event.jurisdiction,
        participantId: event.participantId,
      },
    });
  }
}
