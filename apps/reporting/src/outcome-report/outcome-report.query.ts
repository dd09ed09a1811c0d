import { Query } from '@nestjs/cqrs';
import type { ReportScope } from '../program-report/report-scope.js';
import type { OutcomeReport } from './outcome-report.js';

export class OutcomeReportQuery extends Query<OutcomeReport> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
