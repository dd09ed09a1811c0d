import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { matterRecordOf } from '../get-matter/matter-record.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import { isProsecutorOffice } from '../prosecutor-office.js';
import { ConfirmSealingCommand, type ConfirmSealingResult } from './confirm-sealing.command.js';

/**
 * Records a custodian's sealing: the matter must be visible to the caller (else 404); the decider checks the
 * custodian, the day and the caller's office, and closes LEAD's own record of the arrest once every custodian has
 * sealed where the rule makes the records sealable on request.
 */
@CommandHandler(ConfirmSealingCommand)
export class ConfirmSealingHandler implements ICommandHandler<ConfirmSealingCommand, ConfirmSealingResult> {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    matterId,
    request,
    prosecutor,
    expectedRevision,
    correlationId,
  }: ConfirmSealingCommand): Promise<ConfirmSealingResult> {
    const stream = matterStream(matterId);
    const loaded = await this.matters.load(stream);
    const matter = prosecutor.visible(loaded.state.matter ?? undefined);
    const now = this.clock.now();
    const { agency, subject } = prosecutor.principal;
    const result = await this.matters.handle(
      stream,
      {
        type: 'ConfirmCustodianSealed',
        custodian: request.custodian,
        sealedOn: request.sealedOn,
        recordedBy: {
          subject,
          agency,
          agencyIsProsecutorOffice: isProsecutorOffice(this.jurisdictions, matter, agency, now),
        },
        at: now.toISOString(),
      },
      {
        loaded,
        metadata: {
          correlationId,
          actor: prosecutor.actor,
          jurisdiction: matter.jurisdiction,
          participantId: matter.participantId,
        },
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      },
    );
    return { record: matterRecordOf(result.state, agency, now)!, revision: result.revision };
  }
}
