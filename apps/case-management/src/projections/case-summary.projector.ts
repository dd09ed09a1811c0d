import type { RecordedEvent } from '@lead/event-store';
import type { Projector } from '@lead/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEvent } from '../case/case.events.js';
import { CaseSummary } from './case-summary.entity.js';
import { summaryAfter } from './case-summary.fold.js';

/** The streams the projection follows: the cases. */
export const CASE_STREAM_PREFIX = 'case-';

/** Every column but the key: what a newer revision overwrites. */
const OVERWRITTEN = [
  'case_manager',
  'intake_completed_on',
  'intake_deadline_met',
  'consented',
  'engagement',
  'engagement_since',
  'last_successful_contact_at',
  'contacts',
  'exited_at',
  'exit_reason',
  'assessments',
  'open_service_connections',
  'plan_version',
  'active_goals',
  'revision',
  'updated_at',
];

/**
 * Folds case events into `case_summaries`. Idempotent, so at-least-once delivery is safe: a page's events are
 * folded per case onto the row as stored, skipping every event at or below the row's revision, and the row is
 * written only over an older revision (a replayed page, or a projector that lost its lease, changes nothing).
 * Sealed values are never read, let alone opened.
 */
export class CaseSummaryProjector implements Projector {
  constructor(private readonly dataSource: DataSource) {}

  async apply(event: RecordedEvent): Promise<void> {
    await this.applyPage([event]);
  }

  async applyPage(events: RecordedEvent[]): Promise<void> {
    const cases = events.filter((event) => event.streamId.startsWith(CASE_STREAM_PREFIX));
    if (cases.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const rows = await this.stored(
        manager,
        cases.map((event) => event.streamId.slice(CASE_STREAM_PREFIX.length)),
      );
      const changed = new Set<string>();
      for (const recorded of cases) {
        const caseId = recorded.streamId.slice(CASE_STREAM_PREFIX.length);
        const row = rows.get(caseId);
        if (row && recorded.streamRevision <= row.revision) continue;
        const event = { ...(recorded.data as CaseEvent), type: recorded.type } as CaseEvent;
        const next = summaryAfter(row, {
          event,
          caseId,
          streamRevision: recorded.streamRevision,
          recordedAt: recorded.recordedAt,
        });
        if (!next || next === row) continue;
        rows.set(caseId, next);
        changed.add(caseId);
      }
      for (const caseId of changed) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(CaseSummary)
          .values(rows.get(caseId)!)
          .orUpdate(OVERWRITTEN, ['case_id'], {
            overwriteCondition: { where: 'case_summaries.revision < EXCLUDED.revision' },
          })
          .execute();
      }
    });
  }

  private async stored(manager: EntityManager, caseIds: string[]): Promise<Map<string, CaseSummary>> {
    const rows = await manager
      .getRepository(CaseSummary)
      .createQueryBuilder('s')
      .where('s.caseId IN (:...caseIds)', { caseIds: [...new Set(caseIds)] })
      .getMany();
    return new Map(rows.map((row) => [row.caseId, row]));
  }
}
