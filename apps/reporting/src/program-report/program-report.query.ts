import { Query } from '@nestjs/cqrs';
import type { ProgramReport } from './program-report.js';
import type { ReportScope } from './report-scope.js';

export class ProgramReportQuery extends Query<ProgramReport> {
  constructor(readonly scope: ReportScope) {
    super();
  }
}
