import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, ParticipantRead, type AccessContext, type Disclosure } from '@lead/access';
import { setRevisionETag } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { GetCaseQuery } from './get-case.query.js';
import type { GetCaseResult } from './get-case.handler.js';

@Controller('cases')
export class GetCaseController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * The participant's record as the treating program holds it: identity (from intake), status, and the case — intake,
   * consents, assessments, plan, service connections, contacts, engagement, exits. An audited participant read with
   * `X-Purpose-Of-Use`; `ETag` is the case's revision, for the `If-Match` of a following write.
   */
  @Get(':caseId')
  @ParticipantRead()
  async read(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Disclosure> {
    const { disclosure, revision } = await this.queries.execute<GetCaseQuery, GetCaseResult>(
      new GetCaseQuery(caseId, caller),
    );
    setRevisionETag(response, revision);
    return disclosure;
  }
}
