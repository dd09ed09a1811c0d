import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { Caller, type AccessContext } from '@lead/access';
import { setRevisionETag } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';
import { coordinationRecordOf, type CoordinationRecord } from './coordination-record.js';

@Controller('participants')
export class GetCoordinationController {
  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
  ) {}

  /**
   * A participant's legal matters and their decisions (no participation status). Read from the stream (always
   * fresh; its revision is the ETag); none recorded, or another jurisdiction's, answers the same 404.
   */
  @Get(':participantId/coordination')
  async read(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CoordinationRecord> {
    const { state, revision } = await this.coordinations.load(coordinationStream(participantId));
    const record = caller.visible(coordinationRecordOf(state));
    setRevisionETag(response, revision === 'no_stream' ? -1 : revision);
    return record;
  }
}
