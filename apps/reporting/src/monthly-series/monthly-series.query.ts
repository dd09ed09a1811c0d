import { Query } from '@nestjs/cqrs';
import type { ReportScope } from '../program-report/report-scope.js';
import type { MonthlySeries } from './monthly-series.js';

export class MonthlySeriesQuery extends Query<MonthlySeries> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
