import { Query } from '@nestjs/cqrs';
import type { ReportScope } from '../program-report/report-scope.js';
import type { EquityReport } from './equity-report.js';

export class EquityReportQuery extends Query<EquityReport> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
