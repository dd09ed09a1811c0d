import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { GetCaseloadQuery, type Caseload } from './get-caseload.query.js';
import { GetCaseloadRequest } from './get-caseload.request.js';

@Controller('caseload')
export class GetCaseloadController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * The caller's caseload: a case manager's own cases, a supervisor's provider's (optionally one case manager's, or
   * the unassigned), with the intake, assessments and service connections due or overdue as of the service's day.
   * Ids, codes and dates only: no identity, no clinical detail.
   */
  @Get()
  caseload(@Query() filter: GetCaseloadRequest, @Caller() caller: AccessContext): Promise<Caseload> {
    return this.queries.execute(new GetCaseloadQuery(filter, caller));
  }
}
