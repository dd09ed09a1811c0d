import type pg from 'pg';
import type { VerifyResult } from '../event-store.port.js';
import { chainHash } from '../hash-chain.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.js';

const PAGE = 5000;

/**
 * Recomputes hash chains from the stored rows. Walks streams in (stream id, revision) order by
 * keyset pages, so memory stays flat however large the log is, and reports the first event whose
 * content, link to its predecessor, or revision sequence does not match what was recorded. The
 * stream index's last hash is checked too, so removing a stream's newest event is caught.
 */
export class HashChainVerifier {
  constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
  ) {}

  async verify(onlyStream?: string): Promise<VerifyResult> {
    let eventsChecked = 0;
    let streamsChecked = 0;
    let current: { streamId: string; revision: number; hash: string } | undefined;
    let cursor: [string, number] = [onlyStream ?? '', -1];

    const closeStream = async (): Promise<VerifyResult | undefined> => {
      if (!current) return undefined;
      streamsChecked++;
      const { rows } = await this.pool.query<{ revision: string; last_hash: string }>(
        `SELECT revision, last_hash FROM ${this.s}.streams WHERE stream_id = $1`,
        [current.streamId],
      );
      const indexed = rows[0];
      if (!indexed || Number(indexed.revision) !== current.revision || indexed.last_hash !== current.hash) {
        const revision = indexed ? Math.min(Number(indexed.revision), current.revision + 1) : current.revision;
        return {
          ok: false,
          eventsChecked,
          streamId: current.streamId,
          revision,
          reason: 'stream head does not match its last event',
        };
      }
      return undefined;
    };

    for (;;) {
      const params: unknown[] = [cursor[0], cursor[1], PAGE];
      const streamFilter = onlyStream === undefined ? '' : 'AND e.stream_id = $4';
      if (onlyStream !== undefined) params.push(onlyStream);
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events e
          WHERE (e.stream_id, e.stream_revision) > ($1, $2) ${streamFilter}
          ORDER BY e.stream_id, e.stream_revision LIMIT $3`,
        params,
      );
      for (const row of rows) {
        const event = toRecordedEvent(row);
        if (current?.streamId !== event.streamId) {
          const broken = await closeStream();
          if (broken) return broken;
          current = { streamId: event.streamId, revision: -1, hash: '' };
        }
        const fail = (reason: string): VerifyResult => ({
          ok: false,
          eventsChecked,
          streamId: event.streamId,
          revision: current!.revision + 1,
          reason,
        });
        if (event.streamRevision !== current.revision + 1) return fail(`revision ${current.revision + 1} is missing`);
        if (event.previousHash !== current.hash) return fail('link to the previous event does not match');
        const expected = chainHash(current.hash, { ...event, recordedAt: event.recordedAt.toISOString() });
        if (expected !== event.hash) return fail('content does not match its hash');
        current = { streamId: event.streamId, revision: event.streamRevision, hash: event.hash };
        eventsChecked++;
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      cursor = [last.stream_id, Number(last.stream_revision)];
    }
    const broken = (await closeStream()) ?? (await this.streamWithoutEvents(onlyStream, eventsChecked));
    if (broken) return broken;
    return { ok: true, eventsChecked, streamsChecked };
  }

  /**
   * A stream the index says has events, none of which is left: every row of it deleted behind the store. The walk
   * above never meets such a stream (it walks event rows), so it is looked for separately. Soft-deleted streams
   * keep their rows, so nothing legitimate looks like this.
   */
  private async streamWithoutEvents(
    onlyStream: string | undefined,
    eventsChecked: number,
  ): Promise<VerifyResult | undefined> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT s.stream_id FROM ${this.s}.streams s
        WHERE s.revision >= 0 ${onlyStream === undefined ? '' : 'AND s.stream_id = $1'}
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.events e WHERE e.stream_id = s.stream_id)
        ORDER BY s.stream_id LIMIT 1`,
      onlyStream === undefined ? [] : [onlyStream],
    );
    if (rows.length === 0) return undefined;
    return {
      ok: false,
      eventsChecked,
      streamId: rows[0].stream_id,
      revision: 0,
      reason: 'every event of the stream is missing',
    };
  }
}
