import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { CountCasesQuery, type CaseCountsReport } from './count-cases.query.js';
import { CountCasesRequest } from './count-cases.request.js';

@Controller('cases')
export class CountCasesController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * Case counts by jurisdiction × provider: open and exited, the open ones by engagement level, intakes within
   * their deadline, exits by reason, in the caller's jurisdictions. Evaluators get small cells (1–10) withheld.
   */
  @Get('counts')
  counts(@Query() filter: CountCasesRequest, @Caller() caller: AccessContext): Promise<CaseCountsReport> {
    return this.queries.execute(new CountCasesQuery(filter, caller.jurisdictions, caller.role === 'evaluator'));
  }
}
