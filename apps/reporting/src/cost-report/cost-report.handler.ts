import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JurisdictionRegistry, unitCostsOf } from '@lead/jurisdictions';
import { addDays } from '../outcome-report/justice-history.js';
import { JusticeFacts } from '../outcome-report/justice-facts.js';
import { ProgramEntries } from '../outcome-report/program-entries.js';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import { CaseHistories } from './case-histories.js';
import { costFigures } from './cost-figures.js';
import type { CostReport } from './cost-report.js';
import { CostReportQuery } from './cost-report.query.js';

@QueryHandler(CostReportQuery)
export class CostReportHandler implements IQueryHandler<CostReportQuery, CostReport> {
  constructor(
    @Inject(ProgramEntries) private readonly entries: ProgramEntries,
    @Inject(JusticeFacts) private readonly justice: JusticeFacts,
    @Inject(CaseHistories) private readonly cases: CaseHistories,
    @Inject(JurisdictionCalendar) private readonly calendar: JurisdictionCalendar,
    @Inject(JurisdictionRegistry) private readonly registry: JurisdictionRegistry,
  ) {}

  async execute({ scope }: CostReportQuery): Promise<CostReport> {
    const { jurisdiction, period, asOf } = scope;
    const entries = await this.entries.of({ jurisdiction, firstDay: period.firstDay, endDay: period.endDay, asOf });
    const [records, coveredThrough, cases] = await Promise.all([
      this.justice.recordsOf(
        jurisdiction,
        entries.map((e) => e.participantId),
        asOf,
      ),
      this.justice.coveredThrough(jurisdiction, asOf),
      this.cases.of(jurisdiction, asOf),
    ]);
    // The unit costs of the version in force on the period's last day (the earliest version before the first).
    const lastDay = addDays(period.endDay, -1);
    const protocol =
      this.registry.protocolInForce(jurisdiction, new Date(`${lastDay}T12:00:00Z`)) ??
      this.registry.versionsOf(jurisdiction)[0];
    return costFigures({
      ...scope,
      asOfDay: this.calendar.localDayOf(jurisdiction, asOf.toISOString()),
      entries,
      records,
      coveredThrough,
      cases,
      protocol,
      unitCosts: unitCostsOf(protocol),
    });
  }
}
