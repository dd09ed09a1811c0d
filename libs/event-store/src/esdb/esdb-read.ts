import { BACKWARDS, END, type ReadPosition } from '@eventstore/db-client';
import type { Position, RecordedEvent } from '../event-envelope.js';
import type { ReadAllOptions, ReadStreamOptions } from '../event-store.port.js';
import { StreamNotFound } from '../errors.js';
import { comparePositions } from '../position.js';
import { toRecordedEvent } from './envelope-mapping.js';
import { checkStreamId, type EsdbStreams } from './esdb-streams.js';
import { isSystemEvent, matchesFilter } from './filter-mapping.js';
import { fromEsdbPosition, toEsdbPosition } from './position-mapping.js';
import { toEsdbReadRevision } from './revision-mapping.js';

const READ_ALL_DEFAULT_MAX = 1000;

/** Reads of one stream and of `$all`, with our filters applied and EventStoreDB's system events left out. */
export class EsdbReader {
  constructor(private readonly streams: EsdbStreams) {}

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    checkStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(maxCount) || maxCount < 0)
      throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
    const fromRevision = toEsdbReadRevision(options.fromRevision, direction);
    const events = await this.streams.readEvents(streamId, direction, fromRevision, Math.max(1, maxCount));
    if (!events) throw new StreamNotFound(streamId);
    // A stream this adapter soft-deleted has all its events truncated: EventStoreDB answers "no events".
    if (events.length === 0 && (await this.streams.isSoftDeleted(streamId))) throw new StreamNotFound(streamId);
    return maxCount === 0 ? [] : events.map((event) => toRecordedEvent(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? READ_ALL_DEFAULT_MAX;
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new RangeError(`maxCount must be a non-negative integer, got ${limit}`);
    const result: RecordedEvent[] = [];
    if (limit === 0) return result;
    await this.streams.scanAll(options.after ?? 'start', (event) => {
      if (!matchesFilter(event.streamId, event.type, options.filter)) return true;
      result.push(toRecordedEvent(event));
      return result.length < limit;
    });
    return result;
  }

  async headPosition(): Promise<Position | undefined> {
    // $all backwards, past system events ($stats, projections' output, checkpoints, metadata).
    const pageSize = this.streams.pageSize;
    let from: ReadPosition = END;
    let boundary: Position | undefined;
    for (;;) {
      const page = await this.streams.readAllPage(BACKWARDS, from, pageSize);
      let progressed = false;
      for (const event of page) {
        const position = fromEsdbPosition(event.position);
        if (boundary && comparePositions(position, boundary) >= 0) continue;
        progressed = true;
        boundary = position;
        if (!isSystemEvent(event.streamId, event.type)) return position;
      }
      if (!progressed || page.length < pageSize || !boundary) return undefined;
      from = toEsdbPosition(boundary);
    }
  }
}
