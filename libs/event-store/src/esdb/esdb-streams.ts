import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  metastreamOf,
  type EventStoreDBClient,
  type ReadPosition,
} from '@eventstore/db-client';
import type { Position } from '../event-envelope.js';
import { comparePositions } from '../position.js';
import { leadEnvelopeOf, type EsdbRecordedEventLike } from './envelope-mapping.js';
import { fromEsdbPosition, toEsdbPosition } from './position-mapping.js';
import {
  fromEsdbRevision,
  PROBE_REVISION,
  type EsdbExpectedRevision,
  type EsdbReadRevision,
} from './revision-mapping.js';
import { fromEsdbStreamMetadata, type ParsedStreamMetadata } from './stream-metadata-mapping.js';

/** An event read from `$all`: it always has a position. */
export type EsdbAllEvent = EsdbRecordedEventLike & { position: Position };

/** What an append (or a soft delete) needs to know about the stream it goes to. */
export interface TailState {
  /** The stream's newest visible events, newest first. */
  tail: EsdbRecordedEventLike[];
  /** EventStoreDB's last revision (also of a soft-deleted stream), 'no_stream' if it never had an event. */
  lastRevision: number | 'no_stream';
  lastHash: string;
  /** Soft-deleted: expectations see 'no_stream', reads answer StreamNotFound. */
  deleted: boolean;
  /** The previous hash could not be read: the next event restarts the chain (see LeadEnvelope.restart). */
  restart: boolean;
}

/** Our streams are `<category>-<id>`; `$` streams belong to EventStoreDB (and to our checkpoints). */
export function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new TypeError('Stream id must be a non-empty string');
  if (streamId.startsWith('$'))
    throw new TypeError(`Stream id ${streamId} starts with '$', which EventStoreDB reserves for system streams`);
}

/**
 * The adapter's reads and writes of EventStoreDB streams, `$all` pages and stream metadata, shared
 * by append, read, subscribe, metadata and verify.
 */
export class EsdbStreams {
  constructor(
    readonly client: EventStoreDBClient,
    /** Events per read while paging `$all` and streams. */
    readonly pageSize: number,
  ) {}

  /** A stream's events, or undefined when EventStoreDB says it does not exist (or was tombstoned). */
  async readEvents(
    streamId: string,
    direction: 'forwards' | 'backwards',
    fromRevision: EsdbReadRevision,
    maxCount: number,
  ): Promise<EsdbRecordedEventLike[] | undefined> {
    const events: EsdbRecordedEventLike[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision,
        maxCount,
      })) {
        if (resolved.event) events.push(resolved.event as EsdbRecordedEventLike);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return undefined;
      throw error;
    }
    return events;
  }

  /** The stream's newest event, if any is visible. */
  async lastEvent(streamId: string): Promise<EsdbRecordedEventLike | undefined> {
    const [last] = (await this.readEvents(streamId, 'backwards', END, 1)) ?? [];
    return last;
  }

  async readAllPage(
    direction: 'forwards' | 'backwards',
    fromPosition: ReadPosition,
    maxCount: number,
  ): Promise<EsdbAllEvent[]> {
    const events: EsdbAllEvent[] = [];
    for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount })) {
      if (resolved.event) events.push(resolved.event as EsdbAllEvent);
    }
    return events;
  }

  /**
   * Walks `$all` forwards strictly after `after`, page by page (EventStoreDB's read position is
   * inclusive, so each page's first event, already seen, is skipped), until `visit` returns false.
   */
  async scanAll(after: Position | 'start', visit: (event: EsdbAllEvent) => boolean): Promise<void> {
    let from: ReadPosition = after === 'start' ? START : toEsdbPosition(after);
    let seen: Position | undefined = after === 'start' ? undefined : after;
    for (;;) {
      const page = await this.readAllPage(FORWARDS, from, this.pageSize);
      let progressed = false;
      for (const event of page) {
        const position = fromEsdbPosition(event.position);
        if (seen && comparePositions(position, seen) <= 0) continue;
        seen = position;
        progressed = true;
        if (!visit(event)) return;
      }
      if (!progressed || page.length < this.pageSize || !seen) return;
      from = toEsdbPosition(seen);
    }
  }

  async readStreamMetadata(
    streamId: string,
  ): Promise<{ parsed: ParsedStreamMetadata; revision: number | 'no_stream' }> {
    const [event] = (await this.readEvents(metastreamOf(streamId), 'backwards', END, 1)) ?? [];
    if (!event) return { parsed: fromEsdbStreamMetadata(undefined), revision: 'no_stream' };
    return { parsed: fromEsdbStreamMetadata(event.isJson ? event.data : undefined), revision: Number(event.revision) };
  }

  async writeStreamMetadata(
    streamId: string,
    raw: Record<string, unknown>,
    expectedRevision: EsdbExpectedRevision,
  ): Promise<void> {
    await this.client.appendToStream(metastreamOf(streamId), jsonEvent({ type: '$metadata', data: raw }), {
      expectedRevision,
    });
  }

  /**
   * The stream's newest visible events and where its chain ends. When no event is visible (never
   * written, soft-deleted, or every event hidden by `$maxAge` / `$tb`), the chain head comes from
   * the `$lead` metadata this adapter keeps; failing that (deleted by another tool, expired), the
   * revision from EventStoreDB itself and the chain restarts. `esdbActual` is the revision
   * EventStoreDB last reported in a conflict, which overrides a stale chain head.
   */
  async tailState(streamId: string, count: number, esdbActual?: number | 'no_stream'): Promise<TailState> {
    const tail = await this.readEvents(streamId, 'backwards', END, count);
    if (tail && tail.length > 0) {
      const last = tail[0];
      const lead = leadEnvelopeOf(last.metadata);
      return { tail, lastRevision: Number(last.revision), lastHash: lead?.hash ?? '', deleted: false, restart: !lead };
    }
    const notFound = tail === undefined;
    const { parsed } = await this.readStreamMetadata(streamId);
    const head = parsed.lead.chainHead;
    if (head && (esdbActual === undefined || esdbActual === head.revision)) {
      return {
        tail: [],
        lastRevision: head.revision,
        lastHash: head.hash,
        deleted: parsed.lead.deleted === true,
        restart: head.hash === '',
      };
    }
    // Only `$tb` and `$maxAge` can hide every event of a stream that exists (`$maxCount` keeps the newest).
    const mayHideAll =
      parsed.nativeSoftDeleted || parsed.metadata.truncateBefore !== undefined || parsed.metadata.maxAge !== undefined;
    if (notFound && !mayHideAll && esdbActual === undefined) {
      return { tail: [], lastRevision: 'no_stream', lastHash: '', deleted: false, restart: false };
    }
    const lastRevision = esdbActual ?? (await this.probeLastRevision(streamId));
    if (lastRevision === 'no_stream') return { tail: [], lastRevision, lastHash: '', deleted: false, restart: false };
    // Deleted only by a soft-delete marker (ours or EventStoreDB's); `$tb` / `$maxAge` alone do not delete.
    return {
      tail: [],
      lastRevision,
      lastHash: '',
      deleted: parsed.nativeSoftDeleted || parsed.lead.deleted === true,
      restart: true,
    };
  }

  async isSoftDeleted(streamId: string): Promise<boolean> {
    const tail = await this.readEvents(streamId, 'backwards', END, 1);
    if (!tail) return true;
    if (tail.length > 0) return false;
    const { parsed } = await this.readStreamMetadata(streamId);
    return parsed.lead.deleted === true || parsed.nativeSoftDeleted;
  }

  /**
   * The stream's real last revision when none of its events can be read: appending nothing at an
   * impossible revision never writes, and EventStoreDB's refusal carries the current revision.
   */
  private async probeLastRevision(streamId: string): Promise<number | 'no_stream'> {
    try {
      const result = await this.client.appendToStream(streamId, [], { expectedRevision: PROBE_REVISION });
      if (!result.success)
        throw new Error(
          'The EventStoreDB adapter needs throwOnAppendFailure=true (the default) in the connection string',
        );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return fromEsdbRevision(error.actualVersion);
      throw error;
    }
    throw new Error(`EventStoreDB accepted an empty append to ${streamId} at revision ${PROBE_REVISION}`);
  }
}
