import { Controller, Get, Inject, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { ListOverdueCustodiansQuery, type OverdueCustodianPage } from './list-overdue-custodians.query.js';
import { ListOverdueCustodiansRequest } from './list-overdue-custodians.request.js';

@Controller('sealing')
export class ListOverdueCustodiansController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  /**
   * The record custodians that have not confirmed sealing a sealable arrest within 30 days of its becoming sealable,
   * across the matters of the caller's jurisdictions, the longest overdue first: ids, codes and days only.
   */
  @Get('overdue-custodians')
  list(@Query() filter: ListOverdueCustodiansRequest, @Caller() caller: AccessContext): Promise<OverdueCustodianPage> {
    return this.queries.execute(new ListOverdueCustodiansQuery(filter, caller));
  }
}
