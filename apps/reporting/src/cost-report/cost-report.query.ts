import { Query } from '@nestjs/cqrs';
import type { ReportScope } from '../program-report/report-scope.js';
import type { CostReport } from './cost-report.js';

export class CostReportQuery extends Query<CostReport> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
