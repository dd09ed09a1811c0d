import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventId } from '@lead/event-store';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { agreementViewOf } from '../data-use-agreement-view.js';
import { agreementStream, DataUseAgreementRepository } from '../data-use-agreement.repository.js';
import { RecordDataUseAgreementCommand, type DataUseAgreementResult } from './record-data-use-agreement.command.js';

/** A program admin of the jurisdiction records an agreement on a fresh `datauseagreement-<id>` stream. */
@CommandHandler(RecordDataUseAgreementCommand)
export class RecordDataUseAgreementHandler implements ICommandHandler<
  RecordDataUseAgreementCommand,
  DataUseAgreementResult
> {
  constructor(
    @Inject(DataUseAgreementRepository) private readonly agreements: DataUseAgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, caller, correlationId }: RecordDataUseAgreementCommand): Promise<DataUseAgreementResult> {
    caller.assertJurisdiction(request.jurisdiction);
    const agreementId = newEventId();
    const now = this.clock.now();
    const result = await this.agreements.handle(
      agreementStream(agreementId),
      { type: 'RecordDataUseAgreement', agreementId, ...request, at: now.toISOString() },
      { newStream: true, metadata: { correlationId, actor: caller.actor, jurisdiction: request.jurisdiction } },
    );
    return { agreement: agreementViewOf(result.state, now)!, revision: result.revision };
  }
}
