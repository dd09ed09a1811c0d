import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { Caller, type AccessContext } from '@lead/access';
import { StreamNotFound } from '@lead/event-store';
import { setRevisionETag } from '@lead/platform';
import { ServiceClock } from '@lead/scheduling/service';
import type { ServerResponse } from 'node:http';
import { agreementViewOf, type DataUseAgreementView } from '../data-use-agreement-view.js';
import { agreementStream, DataUseAgreementRepository } from '../data-use-agreement.repository.js';

@Controller('data-use-agreements')
export class GetDataUseAgreementController {
  constructor(
    @Inject(DataUseAgreementRepository) private readonly agreements: DataUseAgreementRepository,
    @Inject(ServiceClock) private readonly clock: ServiceClock,
  ) {}

  /**
   * One agreement and its status now. Program admins and auditors of its jurisdiction; an evaluator only its own
   * agency's (another's answers 404, as if absent).
   */
  @Get(':agreementId')
  async get(
    @Param('agreementId', new ParseUUIDPipe()) agreementId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<DataUseAgreementView> {
    const stream = agreementStream(agreementId);
    const { state, revision } = await this.agreements.load(stream);
    const agreement = caller.visible(agreementViewOf(state, this.clock.now()));
    if (caller.role === 'evaluator' && agreement.recipientAgency !== caller.principal.agency)
      throw new StreamNotFound(stream);
    if (revision !== 'no_stream') setRevisionETag(response, revision);
    return agreement;
  }
}
