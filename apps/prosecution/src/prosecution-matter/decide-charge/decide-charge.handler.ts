import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { matterRecordOf } from '../get-matter/matter-record.js';
import { MatterTimers } from '../matter-timers/matter-timers.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import type { DecideCharge } from '../prosecution-matter.commands.js';
import { prosecutionMatterDecider, type ProsecutionMatterState } from '../prosecution-matter.decider.js';
import { isProsecutorOffice } from '../prosecutor-office.js';
import { DecideChargeCommand, type DecideChargeResult } from './decide-charge.command.js';

/**
 * The prosecutor's decision on the charge: the matter must be visible to the caller (else 404, as if absent); the
 * decider says whether the charge is theirs to decide and appends on `prosecution-<matterId>` (read once) with the
 * revision the caller saw, when it sent one.
 */
@CommandHandler(DecideChargeCommand)
export class DecideChargeHandler implements ICommandHandler<DecideChargeCommand, DecideChargeResult> {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MatterTimers) private readonly timers: MatterTimers,
  ) {}

  async execute({
    matterId,
    request,
    prosecutor,
    expectedRevision,
    correlationId,
  }: DecideChargeCommand): Promise<DecideChargeResult> {
    const stream = matterStream(matterId);
    const loaded = await this.matters.load(stream);
    const matter = prosecutor.visible(loaded.state.matter ?? undefined);
    const now = this.clock.now();
    const at = new Date(request.decidedAt ?? now).toISOString();
    const { agency, subject } = prosecutor.principal;
    const command: DecideCharge = {
      type: 'DecideCharge',
      decision: request.decision,
      ...(request.declineReason !== undefined ? { declineReason: request.declineReason } : {}),
      prosecutor: {
        subject,
        agency,
        agencyIsProsecutorOffice: isProsecutorOffice(this.jurisdictions, matter, agency, now),
      },
      at,
    };
    // A decline can make sealing due on a later day: that timer is armed before the append too (from the decision
    // the decider will take), so a process dying between the append and the arming after it still seals on time.
    // A timer armed for an append that then conflicts finds nothing due and appends nothing.
    await this.timers.arm(predictedState(loaded.state, command));
    const result = await this.matters.handle(stream, command, {
      loaded,
      metadata: {
        correlationId,
        actor: prosecutor.actor,
        jurisdiction: matter.jurisdiction,
        participantId: matter.participantId,
      },
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    });
    await this.timers.arm(result.state);
    return { record: matterRecordOf(result.state, agency, now)!, revision: result.revision };
  }
}

/** The state the decision would leave, or the state as it is when the decider refuses it (it will refuse again). */
function predictedState(state: ProsecutionMatterState, command: DecideCharge): ProsecutionMatterState {
  try {
    return prosecutionMatterDecider.decide(command, state).reduce(prosecutionMatterDecider.evolve, state);
  } catch {
    return state;
  }
}
