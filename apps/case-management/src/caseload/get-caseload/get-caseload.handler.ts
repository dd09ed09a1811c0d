import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DATA_SOURCE } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import type { DataSource } from 'typeorm';
import { assessmentsDue, InstrumentRegistry } from '../../assessment/instrument/index.js';
import { CaseSummary } from '../../projections/case-summary.entity.js';
import { CLOCK } from '@lead/scheduling/service';
import { GetCaseloadQuery, type Caseload, type CaseloadRow } from './get-caseload.query.js';

const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);

/** Rows per page when the request names none. */
const DEFAULT_PAGE = 200;

/**
 * Reads the case read model (eventually consistent: a change shows once the projection has reached it) and reckons
 * what is due as of the service's day: the intake by its deadline, the assessments of the case's instrument
 * schedule, the service connections by their response day.
 */
@QueryHandler(GetCaseloadQuery)
export class GetCaseloadHandler implements IQueryHandler<GetCaseloadQuery, Caseload> {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(InstrumentRegistry) private readonly instruments: InstrumentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, caller }: GetCaseloadQuery): Promise<Caseload> {
    const today = dayOf(this.clock.now());
    const { principal } = caller;
    if (caller.jurisdictions.length === 0) return { today, cases: [], next: null };
    const limit = filter.limit ?? DEFAULT_PAGE;
    const query = this.dataSource
      .getRepository(CaseSummary)
      .createQueryBuilder('s')
      .where('s.jurisdiction IN (:...jurisdictions)', { jurisdictions: caller.jurisdictions })
      .andWhere('s.providerAgency = :agency', { agency: principal.agency })
      .orderBy('s.openedAt', 'ASC')
      .addOrderBy('s.caseId', 'ASC');
    // A case manager's caseload is the cases assigned to them; the filters only narrow it further.
    if (caller.role === 'case_manager') query.andWhere('s.caseManager = :self', { self: principal.subject });
    if (filter.caseManager !== undefined)
      query.andWhere('s.caseManager = :caseManager', { caseManager: filter.caseManager });
    if (filter.unassigned === true) query.andWhere('s.caseManager IS NULL');
    if (filter.unassigned === false) query.andWhere('s.caseManager IS NOT NULL');
    // Keyset paging on the order itself (opened, then id): a page never repeats or skips a row as cases open.
    if (filter.after !== undefined) {
      const openedAtOfAfter = query
        .subQuery()
        .select('a.openedAt')
        .from(CaseSummary, 'a')
        .where('a.caseId = :after')
        .getQuery();
      query.andWhere(`(s.openedAt, s.caseId) > (${openedAtOfAfter}, :after)`, { after: filter.after.toLowerCase() });
    }
    const rows = await query.take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return {
      today,
      cases: page.map((row) => this.rowOf(row, today)),
      next: rows.length > limit ? page.at(-1)!.caseId : null,
    };
  }

  private rowOf(row: CaseSummary, today: string): CaseloadRow {
    const exited = row.exitedAt !== null;
    return {
      caseId: row.caseId,
      participantId: row.participantId,
      jurisdiction: row.jurisdiction,
      providerAgency: row.providerAgency,
      caseManager: row.caseManager,
      openedAt: row.openedAt.toISOString(),
      engagement: {
        level: row.engagement,
        since: row.engagementSince.toISOString(),
        lastSuccessfulContactAt: row.lastSuccessfulContactAt?.toISOString() ?? null,
      },
      intake: {
        dueOn: row.intakeDueOn,
        completedOn: row.intakeCompletedOn,
        overdue: row.intakeCompletedOn === null && !exited && today > row.intakeDueOn,
      },
      assessmentsDue: this.assessmentsDueOf(row, today),
      overdueServiceConnections: row.openServiceConnections.filter((connection) => connection.dueOn < today),
      exited,
    };
  }

  /** Nothing is due before the intake: the schedule counts from it. */
  private assessmentsDueOf(row: CaseSummary, today: string): CaseloadRow['assessmentsDue'] {
    if (row.intakeCompletedOn === null) return [];
    const instrument = this.instruments.get(row.instrumentId, row.instrumentVersion);
    if (!instrument)
      throw new Error(`Case ${row.caseId} follows ${row.instrumentId} ${row.instrumentVersion}, not configured`);
    return assessmentsDue(instrument.schedule, {
      intakeOn: row.intakeCompletedOn,
      ...(row.exitedAt ? { exitedOn: dayOf(row.exitedAt) } : {}),
      completed: row.assessments,
      today,
    }).flatMap(({ occasion, opensOn, dueOn, status }) =>
      status === 'upcoming' ? [] : [{ occasion, opensOn, dueOn, status }],
    );
  }
}
