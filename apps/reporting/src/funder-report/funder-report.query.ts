import { Query } from '@nestjs/cqrs';
import type { ReportScope } from '../program-report/report-scope.js';
import type { FunderReport } from './funder-report.js';

export class FunderReportQuery extends Query<FunderReport> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
