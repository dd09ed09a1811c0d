import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { changeAgreement } from '../agreement-change.js';
import { DataUseAgreementRepository } from '../data-use-agreement.repository.js';
import type { DataUseAgreementResult } from '../record-data-use-agreement/record-data-use-agreement.command.js';
import { RevokeDataUseAgreementCommand } from './revoke-data-use-agreement.command.js';

@CommandHandler(RevokeDataUseAgreementCommand)
export class RevokeDataUseAgreementHandler implements ICommandHandler<
  RevokeDataUseAgreementCommand,
  DataUseAgreementResult
> {
  constructor(
    @Inject(DataUseAgreementRepository) private readonly agreements: DataUseAgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ change, request }: RevokeDataUseAgreementCommand): Promise<DataUseAgreementResult> {
    const now = this.clock.now();
    return changeAgreement(
      this.agreements,
      change,
      { type: 'RevokeDataUseAgreement', reason: request.reason, at: now.toISOString() },
      now,
    );
  }
}
