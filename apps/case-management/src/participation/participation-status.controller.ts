import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, ParticipantRead, type AccessContext, type Disclosure } from '@lead/access';
import { ParticipationStatusQuery } from './participation-status.query.js';

@Controller('participants')
export class ParticipationStatusController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * Enrolled, engaged, intake by the deadline, exited: what police and prosecutors may learn, only while the
   * participant's consent covers their agency, with the consent's scope and the 42 CFR 2.32 notice. Audited.
   */
  @Get(':participantId/participation-status')
  @ParticipantRead()
  async read(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Caller() caller: AccessContext,
  ): Promise<Disclosure> {
    return this.queries.execute<ParticipationStatusQuery, Disclosure>(
      new ParticipationStatusQuery(participantId, caller),
    );
  }
}
