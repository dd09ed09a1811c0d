import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProgramEntries } from '../outcome-report/program-entries.js';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import { monthlySeriesFigures } from './monthly-series-figures.js';
import type { MonthlySeries } from './monthly-series.js';
import { MonthlySeriesQuery } from './monthly-series.query.js';
import { MonthlySnapshots } from './monthly-snapshots.js';

@QueryHandler(MonthlySeriesQuery)
export class MonthlySeriesHandler implements IQueryHandler<MonthlySeriesQuery, MonthlySeries> {
  constructor(
    @Inject(ProgramEntries) private readonly entries: ProgramEntries,
    @Inject(MonthlySnapshots) private readonly snapshots: MonthlySnapshots,
    @Inject(JurisdictionCalendar) private readonly calendar: JurisdictionCalendar,
  ) {}

  async execute({ scope }: MonthlySeriesQuery): Promise<MonthlySeries> {
    const { jurisdiction, period, asOf } = scope;
    const entries = await this.entries.of({ jurisdiction, firstDay: period.firstDay, endDay: period.endDay, asOf });
    const snapshots = await this.snapshots.of(
      jurisdiction,
      entries.map((e) => e.participantId),
      asOf,
    );
    return monthlySeriesFigures({
      ...scope,
      asOfDay: this.calendar.localDayOf(jurisdiction, asOf.toISOString()),
      entries,
      snapshots,
    });
  }
}
