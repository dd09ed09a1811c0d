import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import { latestComparison } from './comparison-cohort.js';
import { JusticeFacts } from './justice-facts.js';
import { outcomeFigures } from './outcome-figures.js';
import type { OutcomeReport } from './outcome-report.js';
import { OutcomeReportQuery } from './outcome-report.query.js';
import { ProgramEntries } from './program-entries.js';

@QueryHandler(OutcomeReportQuery)
export class OutcomeReportHandler implements IQueryHandler<OutcomeReportQuery, OutcomeReport> {
  constructor(
    @Inject(ProgramEntries) private readonly entries: ProgramEntries,
    @Inject(JusticeFacts) private readonly justice: JusticeFacts,
    @Inject(JurisdictionCalendar) private readonly calendar: JurisdictionCalendar,
  ) {}

  async execute({ scope }: OutcomeReportQuery): Promise<OutcomeReport> {
    const { jurisdiction, period, asOf } = scope;
    const entries = await this.entries.of({ jurisdiction, firstDay: period.firstDay, endDay: period.endDay, asOf });
    const [records, coveredThrough, parts] = await Promise.all([
      this.justice.recordsOf(
        jurisdiction,
        entries.map((e) => e.participantId),
        asOf,
      ),
      this.justice.coveredThrough(jurisdiction, asOf),
      this.justice.comparisonParts(jurisdiction, asOf),
    ]);
    return outcomeFigures({
      ...scope,
      asOfDay: this.calendar.localDayOf(jurisdiction, asOf.toISOString()),
      entries,
      records,
      coveredThrough,
      comparison: latestComparison(parts),
    });
  }
}
