import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { changeAgreement } from '../agreement-change.js';
import { DataUseAgreementRepository } from '../data-use-agreement.repository.js';
import type { DataUseAgreementResult } from '../record-data-use-agreement/record-data-use-agreement.command.js';
import { AmendDataUseAgreementCommand } from './amend-data-use-agreement.command.js';

@CommandHandler(AmendDataUseAgreementCommand)
export class AmendDataUseAgreementHandler implements ICommandHandler<
  AmendDataUseAgreementCommand,
  DataUseAgreementResult
> {
  constructor(
    @Inject(DataUseAgreementRepository) private readonly agreements: DataUseAgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ change, request }: AmendDataUseAgreementCommand): Promise<DataUseAgreementResult> {
    const now = this.clock.now();
    return changeAgreement(
      this.agreements,
      change,
      { type: 'AmendDataUseAgreementFields', fields: request.fields, at: now.toISOString() },
      now,
    );
  }
}
