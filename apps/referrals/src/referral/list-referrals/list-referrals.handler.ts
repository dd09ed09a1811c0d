import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DATA_SOURCE } from '@lead/platform';
import type { DataSource } from 'typeorm';
import { ReferralSummary } from '../../projections/referral-summary.entity.js';
import { ListReferralsQuery, type ReferralPage, type ReferralSummaryView } from './list-referrals.query.js';
import { CURSOR, DEFAULT_PAGE_SIZE } from './list-referrals.request.js';

/**
 * Reads the referral read model (eventually consistent: a referral shows up once the projection has
 * reached it). Keyset paging on (referredAt, referralId), newest first, so pages stay stable while
 * referrals are added.
 */
@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery, ReferralPage> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ filter, lister }: ListReferralsQuery): Promise<ReferralPage> {
    const jurisdictions = lister.jurisdictions.filter(
      (j) => filter.jurisdiction === undefined || j === filter.jurisdiction,
    );
    if (jurisdictions.length === 0) return { referrals: [] };
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const query = this.dataSource
      .getRepository(ReferralSummary)
      .createQueryBuilder('s')
      .where('s.jurisdiction IN (:...jurisdictions)', { jurisdictions })
      .orderBy('s.referredAt', 'DESC')
      .addOrderBy('s.referralId', 'DESC')
      .limit(limit + 1);
    if (lister.role === 'officer') query.andWhere('s.referrerAgency = :agency', { agency: lister.principal.agency });
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.door) query.andWhere('s.door = :door', { door: filter.door });
    if (filter.district) query.andWhere('s.district = :district', { district: filter.district });
    if (filter.participantId)
      query.andWhere('s.participantId = :participantId', { participantId: filter.participantId });
    if (filter.referredFrom)
      query.andWhere('s.referredAt >= :referredFrom', { referredFrom: new Date(filter.referredFrom) });
    if (filter.referredTo) query.andWhere('s.referredAt < :referredTo', { referredTo: new Date(filter.referredTo) });
    if (filter.after) {
      const [, millis, referralId] = CURSOR.exec(filter.after)!;
      query.andWhere('(s.referredAt, s.referralId) < (:afterAt, :afterId)', {
        afterAt: new Date(Number(millis)),
        afterId: referralId,
      });
    }
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      referrals: page.map(toView),
      ...(rows.length > limit ? { next: `${last.referredAt.getTime()}_${last.referralId}` } : {}),
    };
  }
}

function toView(row: ReferralSummary): ReferralSummaryView {
  return {
    referralId: row.referralId,
    participantId: row.participantId,
    jurisdiction: row.jurisdiction,
    district: row.district,
    door: row.door,
    referrer: { agency: row.referrerAgency, subject: row.referrerSubject },
    referredAt: row.referredAt.toISOString(),
    protocolVersion: row.protocolVersion,
    status: row.status,
    closeReason: row.closeReason,
    eligible: row.eligible,
    screenedEligible: row.screenedEligible,
    prosecutorDecision:
      row.prosecutorEligible === null
        ? null
        : {
            eligible: row.prosecutorEligible,
            basis: row.prosecutorBasis,
            reasonCode: row.prosecutorReasonCode,
            prosecutorAgency: row.prosecutorAgency,
          },
    offerAccepted: row.offerAccepted,
    handOff:
      row.handOffMinutes === null
        ? null
        : { minutesFromCall: row.handOffMinutes, withinTarget: row.handOffWithinTarget },
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
  };
}
