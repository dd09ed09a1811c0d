import { SMALL_CELL_MINIMUM } from '@lead/disclosure-control';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReferralDoor } from '@lead/jurisdictions';
import { READ_MODEL_DATA_SOURCE } from '@lead/platform';
import type { DataSource } from 'typeorm';
import { CLOSE_REASONS, ReferralSummary, type CloseReason } from '../../projections/referral-summary.entity.js';
import {
  CountReferralsQuery,
  type Count,
  type ReferralCounts,
  type ReferralCountsReport,
} from './count-referrals.query.js';
import { withholdSmallCells } from './small-cell-suppression.js';

/** Each counter: its SQL condition over the summary row (property names, TypeORM maps them to columns). */
const COUNTERS = {
  recorded: 'TRUE',
  screenedEligible: 's.screenedEligible IS TRUE',
  screenedIneligible: 's.screenedEligible IS FALSE',
  eligible: 's.eligible IS TRUE',
  ineligible: 's.eligible IS FALSE',
  prosecutorDecided: 's.prosecutorEligible IS NOT NULL',
  prosecutorOverrode: "s.prosecutorBasis = 'overridden'",
  offerAccepted: 's.offerAccepted IS TRUE',
  offerDeclined: 's.offerAccepted IS FALSE',
  open: "s.status = 'open'",
  accepted: "s.status = 'accepted'",
  closed: "s.status = 'closed'",
  handOffs: 's.handOffMinutes IS NOT NULL',
  handOffsWithinTarget: 's.handOffWithinTarget IS TRUE',
} as const satisfies Partial<Record<keyof ReferralCounts, string>>;

type Row = { jurisdiction: string; door: ReferralDoor } & Record<string, number>;

/** Counts over the referral read model, grouped by jurisdiction and door, limited to the caller's jurisdictions. */
@QueryHandler(CountReferralsQuery)
export class CountReferralsHandler implements IQueryHandler<CountReferralsQuery, ReferralCountsReport> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({
    filter,
    jurisdictions: callers,
    suppressSmallCells,
  }: CountReferralsQuery): Promise<ReferralCountsReport> {
    const report: ReferralCountsReport = {
      referredFrom: filter.referredFrom ?? null,
      referredTo: filter.referredTo ?? null,
      suppressedBelow: suppressSmallCells ? SMALL_CELL_MINIMUM : null,
      groups: [],
    };
    const jurisdictions = callers.filter((j) => filter.jurisdiction === undefined || j === filter.jurisdiction);
    if (jurisdictions.length === 0) return report;
    const query = this.dataSource
      .getRepository(ReferralSummary)
      .createQueryBuilder('s')
      .select('s.jurisdiction', 'jurisdiction')
      .addSelect('s.door', 'door')
      .where('s.jurisdiction IN (:...jurisdictions)', { jurisdictions })
      .groupBy('s.jurisdiction')
      .addGroupBy('s.door')
      .orderBy('s.jurisdiction')
      .addOrderBy('s.door');
    for (const [name, condition] of Object.entries(COUNTERS))
      query.addSelect(`COUNT(*) FILTER (WHERE ${condition})::int`, name);
    CLOSE_REASONS.forEach((reason, index) => {
      query
        .addSelect(`COUNT(*) FILTER (WHERE s.closeReason = :reason${index})::int`, `closed_${reason}`)
        .setParameter(`reason${index}`, reason);
    });
    if (filter.district) query.andWhere('s.district = :district', { district: filter.district });
    if (filter.door) query.andWhere('s.door = :door', { door: filter.door });
    if (filter.referredFrom)
      query.andWhere('s.referredAt >= :referredFrom', { referredFrom: new Date(filter.referredFrom) });
    if (filter.referredTo) query.andWhere('s.referredAt < :referredTo', { referredTo: new Date(filter.referredTo) });
    const rows = await query.getRawMany<Row>();
    report.groups = rows.map((row) => {
      const counts = Object.fromEntries(Object.keys(COUNTERS).map((name) => [name, row[name]])) as Record<
        keyof typeof COUNTERS,
        Count
      >;
      const closedByReason = Object.fromEntries(
        CLOSE_REASONS.map((reason) => [reason, row[`closed_${reason}`]]),
      ) as Record<CloseReason, Count>;
      const group: ReferralCounts = { jurisdiction: row.jurisdiction, door: row.door, ...counts, closedByReason };
      return suppressSmallCells ? withholdSmallCells(group) : group;
    });
    return report;
  }
}
