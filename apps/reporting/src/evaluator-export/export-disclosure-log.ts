import { Inject, Injectable } from '@nestjs/common';
import type { Actor, EventStore, Position } from '@lead/event-store';
import { newEventId } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import {
  EXPORT_DISCLOSURE_STREAM_PREFIX,
  exportDisclosureStream,
  type EvaluatorExportEnded,
  type EvaluatorExportStarted,
} from './export-disclosure.events.js';

/** One export as auditors read it: its request, and how it ended (`in_progress` while it streams, or if cut hard). */
export interface ExportDisclosure extends Omit<EvaluatorExportStarted, 'type'> {
  startedAt: string;
  outcome: 'in_progress' | 'completed' | 'interrupted';
  rows: number | null;
  bytes: number | null;
  sha256: string | null;
  interruptedBy: EvaluatorExportEnded['interruptedBy'] | null;
  endedAt: string | null;
}

const PAGE = 500;

/**
 * The disclosure log of evaluator exports. libs/access's access audit records reads of one participant's record, on
 * that participant's stream, in a closed vocabulary of event types; an export discloses thousands of participants at
 * once and is about none in particular, so it is recorded here, one stream per export, in the same event store
 * (hash-chained, replayable, kept through erasure: it names no one) and answered to auditors by this service.
 */
@Injectable()
export class ExportDisclosureLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Before the first byte: an export that is never recorded is never sent. */
  async started(started: Omit<EvaluatorExportStarted, 'type'>, actor: Actor, correlationId: string): Promise<void> {
    await this.store.appendToStream(
      exportDisclosureStream(started.exportId),
      [
        {
          eventId: newEventId(),
          type: 'EvaluatorExportStarted',
          schemaVersion: 1,
          data: { type: 'EvaluatorExportStarted', ...started },
          metadata: { correlationId, actor, jurisdiction: started.jurisdiction },
        },
      ],
      'no_stream',
    );
  }

  async ended(
    ended: Omit<EvaluatorExportEnded, 'endedAt'>,
    jurisdiction: string,
    actor: Actor,
    correlationId: string,
  ): Promise<void> {
    const data: EvaluatorExportEnded = { ...ended, endedAt: this.clock.now().toISOString() };
    await this.store.appendToStream(
      exportDisclosureStream(ended.exportId),
      [
        {
          eventId: newEventId(),
          type: ended.type,
          schemaVersion: 1,
          data,
          metadata: { correlationId, actor, jurisdiction },
        },
      ],
      0,
    );
  }

  /** The exports of the given jurisdictions, oldest first, recorded in [from, to) when given. */
  async list(jurisdictions: readonly string[], filter: { from?: Date; to?: Date } = {}): Promise<ExportDisclosure[]> {
    const byId = new Map<string, ExportDisclosure>();
    let after: Position | 'start' = 'start';
    for (;;) {
      const page = await this.store.readAll({
        after,
        maxCount: PAGE,
        filter: { streamPrefixes: [EXPORT_DISCLOSURE_STREAM_PREFIX] },
      });
      for (const event of page) {
        after = event.position;
        const jurisdiction = event.metadata.jurisdiction;
        if (typeof jurisdiction !== 'string' || !jurisdictions.includes(jurisdiction)) continue;
        if (event.type === 'EvaluatorExportStarted') {
          if (filter.from && event.recordedAt < filter.from) continue;
          if (filter.to && event.recordedAt >= filter.to) continue;
          const { type: _type, ...started } = event.data as EvaluatorExportStarted;
          byId.set(started.exportId, {
            ...started,
            startedAt: event.recordedAt.toISOString(),
            outcome: 'in_progress',
            rows: null,
            bytes: null,
            sha256: null,
            interruptedBy: null,
            endedAt: null,
          });
        } else {
          const ended = event.data as EvaluatorExportEnded;
          const disclosure = byId.get(ended.exportId);
          if (!disclosure) continue;
          Object.assign(disclosure, {
            outcome: ended.type === 'EvaluatorExportCompleted' ? 'completed' : 'interrupted',
            rows: ended.rows,
            bytes: ended.bytes,
            sha256: ended.sha256,
            interruptedBy: ended.interruptedBy ?? null,
            endedAt: ended.endedAt,
          });
        }
      }
      if (page.length < PAGE) return [...byId.values()];
    }
  }
}
