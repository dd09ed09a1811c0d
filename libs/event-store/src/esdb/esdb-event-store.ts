import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  NotLeaderError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  jsonEvent,
  metastreamOf,
  type AllStreamResolvedEvent,
  type EventData as EsdbEventData,
  type Filter,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventData, Position, RecordedEvent } from '../event-envelope.js';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamMetadata,
  StreamMetadataResult,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port.js';
import { streamCategory, type EventStoreObserver } from '../event-store-observer.js';
import { DuplicateEventId, StreamNotFound, WrongExpectedVersion } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import { comparePositions, START_POSITION } from '../position.js';
import { ChainVerifier, chainLinkOf } from './chain-verifier.js';
import {
  allCheckpointEvent,
  allCheckpointStream,
  parseAllCheckpoint,
  parseStreamCheckpoint,
  streamCheckpointEvent,
  streamCheckpointStream,
} from './checkpoints.js';
import {
  leadEnvelopeOf,
  normaliseEvent,
  prepareEvents,
  toRecordedEvent,
  type EsdbJsonEventData,
  type EsdbRecordedEventLike,
  type NormalisedEvent,
} from './envelope-mapping.js';
import { EsdbCatchUpSubscription, type CatchUpDriver, type ServerSubscription } from './esdb-subscription.js';
import { isSystemEvent, matchesFilter, toServerFilter } from './filter-mapping.js';
import { fromEsdbPosition, positionOfEsdbEvent, toEsdbPosition, UNKNOWN_POSITION } from './position-mapping.js';
import {
  checkExpectedRevision,
  exactEsdbRevision,
  fromEsdbRevision,
  PROBE_REVISION,
  toEsdbReadRevision,
  type EsdbExpectedRevision,
  type EsdbReadRevision,
} from './revision-mapping.js';
import {
  checkStreamMetadata,
  deletedStreamMetadata,
  fromEsdbStreamMetadata,
  toEsdbStreamMetadata,
  type ParsedStreamMetadata,
} from './stream-metadata-mapping.js';

export interface EsdbEventStoreOptions {
  client: EventStoreDBClient;
  /** Dispose the client on `close()`. Default true. */
  ownsClient?: boolean;
  /**
   * How many of a stream's newest events (beyond the batch size) an `any` / `stream_exists` append
   * reads to recognise a retried batch as already stored. Default 16.
   */
  idempotencyWindow?: number;
  /** Attempts of an `any` / `stream_exists` append while other writers keep moving the stream. Default 16. */
  maxAppendAttempts?: number;
  /** Events per read while paging `$all` and streams (readAll, verify). Default 500. */
  pageSize?: number;
  /** Resubscriptions after connection failures before a subscription gives up. Default 10, backoff 200 ms doubling to 5 s. */
  maxReconnects?: number;
  observer?: EventStoreObserver;
}

/** What an append needs to know about the stream it goes to. */
interface TailState {
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

const READ_ALL_DEFAULT_MAX = 1000;

/**
 * The EventStore port on EventStoreDB / KurrentDB through `@eventstore/db-client` (EVENT_STORE=esdb).
 * Mapping, soft delete and what is verified where: docs/event-store.md.
 *
 * Every append first reads the stream's newest event (its revision and hash), computes the hash
 * chain for the revisions that follow, and appends with that exact revision as EventStoreDB's
 * expectation, so the chain written is the chain computed; the caller's own expectation is checked
 * against what was read, and `any` / `stream_exists` appends retry when another writer got in first.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private readonly idempotencyWindow: number;
  private readonly maxAppendAttempts: number;
  private readonly pageSize: number;
  private readonly maxReconnects: number;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = options.client;
    this.idempotencyWindow = Math.max(0, options.idempotencyWindow ?? 16);
    this.maxAppendAttempts = Math.max(2, options.maxAppendAttempts ?? 16);
    this.pageSize = Math.max(2, options.pageSize ?? 500);
    this.maxReconnects = Math.max(0, options.maxReconnects ?? 10);
  }

  /** `esdb://host:2113?tls=false` (docker-compose), `esdb+discover://…` for a cluster; see EventStoreDB's connection strings. */
  static fromConnectionString(
    connectionString: string,
    options: Omit<EsdbEventStoreOptions, 'client' | 'ownsClient'> = {},
  ): EsdbEventStore {
    if (typeof connectionString !== 'string' || connectionString.trim() === '') {
      throw new TypeError('ESDB_CONNECTION_STRING is empty: expected e.g. esdb://localhost:2113?tls=false');
    }
    return new EsdbEventStore({
      ...options,
      client: EventStoreDBClient.connectionString(connectionString),
      ownsClient: true,
    });
  }

  async appendToStream(
    streamId: string,
    events: EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    checkStreamId(streamId);
    checkExpectedRevision(expectedRevision);
    const started = process.hrtime.bigint();
    const proposed = events.map(normaliseEvent);
    if (proposed.length === 0) return this.appendNothing(streamId, expectedRevision);
    const loose = expectedRevision === 'any' || expectedRevision === 'stream_exists';
    const window = loose ? proposed.length + this.idempotencyWindow : 1;
    let esdbActual: number | 'no_stream' | undefined;
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt++) {
      // Writers racing with `any` take turns: EventStoreDB lets one through per round.
      if (attempt > 0 && loose) await sleep(Math.random() * Math.min(100, 2 ** attempt));
      const state = await this.tailState(streamId, window, esdbActual);
      const actual = state.deleted ? 'no_stream' : state.lastRevision;
      if (loose || !satisfies(expectedRevision, actual)) {
        const existing = await this.findStoredBatch(streamId, proposed, expectedRevision, state);
        if (existing) return existing;
      }
      if (!satisfies(expectedRevision, actual)) throw new WrongExpectedVersion(streamId, expectedRevision, actual);
      for (const event of proposed) {
        if (state.tail.some((stored) => stored.id.toLowerCase() === event.eventId))
          throw new DuplicateEventId(event.eventId, streamId);
      }
      const firstRevision = state.lastRevision === 'no_stream' ? 0 : state.lastRevision + 1;
      const prepared = prepareEvents(streamId, proposed, {
        firstRevision,
        previousHash: state.lastHash,
        recordedAt: new Date().toISOString(),
        restart: state.restart,
      });
      let result;
      try {
        result = await this.client.appendToStream(
          streamId,
          prepared.map((p) => p.esdb as unknown as EsdbEventData),
          {
            expectedRevision: exactEsdbRevision(state.lastRevision),
          },
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // Another writer moved the stream after we read it: read again (a retry of ours may now be stored).
          esdbActual = fromEsdbRevision(error.actualVersion);
          continue;
        }
        if (error instanceof StreamDeletedError) {
          throw new Error(
            `Stream ${streamId} was hard-deleted (tombstoned) in EventStoreDB and can never be written again`,
            { cause: error },
          );
        }
        throw error;
      }
      if (!result.success) {
        // Only with throwOnAppendFailure=false in the connection string: same as a conflict.
        esdbActual = undefined;
        continue;
      }
      const lastRevision = firstRevision + prepared.length - 1;
      if (state.deleted) await this.clearDeletion(streamId);
      const position =
        (await this.positionOfRevision(streamId, lastRevision)) ??
        (result.position ? fromEsdbPosition(result.position) : UNKNOWN_POSITION);
      this.observe(() =>
        this.options.observer?.appendDuration?.(
          Number(process.hrtime.bigint() - started) / 1e9,
          streamCategory(streamId),
        ),
      );
      return { nextExpectedRevision: lastRevision, position };
    }
    const state = await this.tailState(streamId, 1);
    throw new WrongExpectedVersion(streamId, expectedRevision, state.deleted ? 'no_stream' : state.lastRevision);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    checkStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(maxCount) || maxCount < 0)
      throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
    const fromRevision = toEsdbReadRevision(options.fromRevision, direction);
    const events = await this.readEvents(streamId, direction, fromRevision, Math.max(1, maxCount));
    if (!events) throw new StreamNotFound(streamId);
    // A stream this adapter soft-deleted has all its events truncated: EventStoreDB answers "no events".
    if (events.length === 0 && (await this.isSoftDeleted(streamId))) throw new StreamNotFound(streamId);
    return maxCount === 0 ? [] : events.map((event) => toRecordedEvent(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? READ_ALL_DEFAULT_MAX;
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new RangeError(`maxCount must be a non-negative integer, got ${limit}`);
    const result: RecordedEvent[] = [];
    if (limit === 0) return result;
    await this.scanAll(options.after ?? 'start', (event) => {
      if (!matchesFilter(event.streamId, event.type, options.filter)) return true;
      result.push(toRecordedEvent(event));
      return result.length < limit;
    });
    return result;
  }

  async headPosition(): Promise<Position | undefined> {
    // $all backwards, past system events ($stats, projections' output, checkpoints, metadata).
    let from: ReadPosition = END;
    let boundary: Position | undefined;
    for (;;) {
      const page = await this.readAllPage(BACKWARDS, from, this.pageSize);
      let progressed = false;
      for (const event of page) {
        const position = fromEsdbPosition(event.position);
        if (boundary && comparePositions(position, boundary) >= 0) continue;
        progressed = true;
        boundary = position;
        if (!isSystemEvent(event.streamId, event.type)) return position;
      }
      if (!progressed || page.length < this.pageSize || !boundary) return undefined;
      from = toEsdbPosition(boundary);
    }
  }

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    const filter = options.filter;
    const checkpointStream = options.checkpointId === undefined ? undefined : allCheckpointStream(options.checkpointId);
    const readable = options.batchSize ? { highWaterMark: Math.max(1, options.batchSize) } : {};
    const driver: CatchUpDriver<AllStreamResolvedEvent, Position> = {
      open: (after, onServerCheckpoint) =>
        this.client.subscribeToAll(
          {
            fromPosition: after ? toEsdbPosition(after) : START,
            filter: {
              ...toServerFilter(filter),
              checkpointReached: (_s: unknown, position: Position) => onServerCheckpoint(fromEsdbPosition(position)),
            } as Filter,
          },
          readable,
        ) as unknown as ServerSubscription<AllStreamResolvedEvent>,
      toEvent: (received) => {
        const event = received.event as EsdbRecordedEventLike | undefined;
        return event && matchesFilter(event.streamId, event.type, filter) ? toRecordedEvent(event) : undefined;
      },
      cursorOf: (received) => (received.event?.position ? fromEsdbPosition(received.event.position) : undefined),
      compare: comparePositions,
      head: () => this.headPosition(),
      ...(checkpointStream
        ? this.checkpointStore(
            checkpointStream,
            (position: Position) => allCheckpointEvent(position, randomUUID()),
            parseAllCheckpoint,
          )
        : {}),
    };
    const from = options.from ?? 'start';
    return this.track(
      new EsdbCatchUpSubscription(driver, handler, {
        start: from === 'start' || from === 'end' ? from : { after: from },
        checkpointEvery: Math.max(1, options.checkpointEvery ?? 1),
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
        isTransient,
        maxReconnects: this.maxReconnects,
        reconnectDelayMs,
      }),
    );
  }

  subscribeToStream(streamId: string, handler: EventHandler, options: SubscribeToStreamOptions = {}): Subscription {
    checkStreamId(streamId);
    const checkpointStream =
      options.checkpointId === undefined ? undefined : streamCheckpointStream(options.checkpointId);
    const driver: CatchUpDriver<ResolvedEvent, number> = {
      open: (after) =>
        this.client.subscribeToStream(streamId, {
          fromRevision: after === undefined ? START : BigInt(after),
        }) as unknown as ServerSubscription<ResolvedEvent>,
      toEvent: (received) => {
        const event = received.event as EsdbRecordedEventLike | undefined;
        return event && !isSystemEvent(event.streamId, event.type) ? toRecordedEvent(event) : undefined;
      },
      cursorOf: (received) => (received.event ? Number(received.event.revision) : undefined),
      compare: (a, b) => a - b,
      head: async () => {
        const [last] = (await this.readEvents(streamId, 'backwards', END, 1)) ?? [];
        return last ? Number(last.revision) : undefined;
      },
      ...(checkpointStream
        ? this.checkpointStore(
            checkpointStream,
            (revision: number) => streamCheckpointEvent(streamId, revision, randomUUID()),
            parseStreamCheckpoint,
          )
        : {}),
    };
    return this.track(
      new EsdbCatchUpSubscription(driver, handler, {
        start: options.after === undefined || options.after === 'start' ? 'start' : { after: options.after },
        checkpointEvery: 1,
        onCaughtUp: options.onCaughtUp,
        onError: options.onError,
        isTransient,
        maxReconnects: this.maxReconnects,
        reconnectDelayMs,
      }),
    );
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    checkStreamId(streamId);
    const { parsed, revision } = await this.readStreamMetadata(streamId);
    return { streamId, metadata: parsed.metadata, metadataRevision: revision };
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expected: ExpectedRevision = 'any',
  ): Promise<void> {
    checkStreamId(streamId);
    checkExpectedRevision(expected);
    checkStreamMetadata(metadata);
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt++) {
      const current = await this.readStreamMetadata(streamId);
      if (!satisfies(expected, current.revision))
        throw new WrongExpectedVersion(metastreamOf(streamId), expected, current.revision);
      // Keep the chain head current while the stream has visible events, so that the chain
      // survives if these metadata (maxAge, truncateBefore) end up hiding all of them.
      let lead = current.parsed.lead;
      const [last] = (await this.readEvents(streamId, 'backwards', END, 1)) ?? [];
      const lastLead = last && leadEnvelopeOf(last.metadata);
      if (last && lastLead) lead = { chainHead: { revision: Number(last.revision), hash: lastLead.hash } };
      try {
        await this.writeStreamMetadata(
          streamId,
          toEsdbStreamMetadata(metadata, current.parsed.preserved, lead),
          exactEsdbRevision(current.revision),
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // The metadata changed meanwhile: read again, so the caller's expectation is checked against it.
      }
    }
    throw new WrongExpectedVersion(
      metastreamOf(streamId),
      expected,
      (await this.readStreamMetadata(streamId)).revision,
    );
  }

  /**
   * Soft delete, done as one metadata write: `$tb` = last revision + 1 (EventStoreDB hides and later
   * scavenges everything before it, exactly what its own soft delete ends up as once the stream is
   * written again) plus `$lead` = {chainHead, deleted}. Not `client.deleteStream`: EventStoreDB's soft
   * delete replaces the whole metadata with `{"$tb": long.MaxValue}`, losing the stream's other
   * metadata and leaving nowhere to keep the hash chain's head. See docs/event-store.md.
   */
  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    checkStreamId(streamId);
    checkExpectedRevision(expected);
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt++) {
      const state = await this.tailState(streamId, 1);
      const actual = state.deleted ? 'no_stream' : state.lastRevision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      if (actual === 'no_stream') throw new StreamNotFound(streamId);
      const current = await this.readStreamMetadata(streamId);
      try {
        await this.writeStreamMetadata(
          streamId,
          deletedStreamMetadata(current.parsed, actual, state.restart ? '' : state.lastHash),
          exactEsdbRevision(current.revision),
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Error(`Could not soft-delete ${streamId}: its metadata kept changing`);
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    checkStreamId(streamId);
    const verifier = new ChainVerifier();
    let from: EsdbReadRevision = START;
    for (;;) {
      const page = await this.readEvents(streamId, 'forwards', from, this.pageSize);
      if (!page) break;
      for (const event of page) {
        const broken = verifier.add(chainLinkOf(event));
        if (broken) return broken;
      }
      if (page.length < this.pageSize) break;
      from = page[page.length - 1].revision + 1n;
    }
    return verifier.result();
  }

  async verifyAll(): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    let broken: VerifyResult | undefined;
    await this.scanAll('start', (event) => {
      if (isSystemEvent(event.streamId, event.type)) return true;
      broken = verifier.add(chainLinkOf(event));
      return broken === undefined;
    });
    return broken ?? verifier.result();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.options.ownsClient ?? true) await this.client.dispose();
  }

  /** An append of no events: checks the expectation and reports where the stream is, as EventStoreDB does. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const state = await this.tailState(streamId, 1);
    const actual = state.deleted ? 'no_stream' : state.lastRevision;
    if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
    const last = state.tail[0];
    return {
      nextExpectedRevision: actual === 'no_stream' ? -1 : actual,
      position: last ? positionOfEsdbEvent(last) : START_POSITION,
    };
  }

  /**
   * The stream's newest visible events and where its chain ends. When no event is visible (never
   * written, soft-deleted, or every event hidden by `$maxAge` / `$tb`), the chain head comes from
   * the `$lead` metadata this adapter keeps; failing that (deleted by another tool, expired), the
   * revision from EventStoreDB itself and the chain restarts. `esdbActual` is the revision
   * EventStoreDB last reported in a conflict, which overrides a stale chain head.
   */
  private async tailState(streamId: string, count: number, esdbActual?: number | 'no_stream'): Promise<TailState> {
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

  /**
   * The batch, if it is already stored where this append would have put it (a retry): for an exact
   * expectation right after it, for `no_stream` from revision 0, for `any` / `stream_exists` wherever
   * its first event sits among the stream's newest events. EventStoreDB itself would accept such a
   * retry as a no-op, but its hashes (recorded-at differs) would not be the stored ones, so the
   * adapter recognises it before writing anything.
   */
  private async findStoredBatch(
    streamId: string,
    batch: NormalisedEvent[],
    expected: ExpectedRevision,
    state: TailState,
  ): Promise<AppendResult | undefined> {
    if (state.lastRevision === 'no_stream') return undefined;
    let place: number;
    if (typeof expected === 'number') place = expected + 1;
    else if (expected === 'no_stream') place = 0;
    else {
      const first = state.tail.find((e) => e.id.toLowerCase() === batch[0].eventId);
      if (!first) return undefined;
      place = Number(first.revision);
    }
    const lastPlace = place + batch.length - 1;
    if (lastPlace > state.lastRevision) return undefined;
    const fromTail = state.tail.filter((e) => Number(e.revision) >= place && Number(e.revision) <= lastPlace).reverse();
    const stored =
      fromTail.length === batch.length
        ? fromTail
        : ((await this.readEvents(streamId, 'forwards', BigInt(place), batch.length)) ?? []);
    if (stored.length !== batch.length) return undefined;
    for (let i = 0; i < batch.length; i++) {
      if (Number(stored[i].revision) !== place + i || stored[i].id.toLowerCase() !== batch[i].eventId) return undefined;
    }
    return { nextExpectedRevision: lastPlace, position: positionOfEsdbEvent(stored[stored.length - 1]) };
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

  /** After the first append to a soft-deleted stream: it is alive again (its old events stay truncated). */
  private async clearDeletion(streamId: string): Promise<void> {
    try {
      const current = await this.readStreamMetadata(streamId);
      if (!current.parsed.lead.deleted) return;
      await this.writeStreamMetadata(
        streamId,
        toEsdbStreamMetadata(current.parsed.metadata, current.parsed.preserved, {}),
        exactEsdbRevision(current.revision),
      );
    } catch {
      // Best effort: a leftover flag only matters while the stream has no visible event.
    }
  }

  private async isSoftDeleted(streamId: string): Promise<boolean> {
    const tail = await this.readEvents(streamId, 'backwards', END, 1);
    if (!tail) return true;
    if (tail.length > 0) return false;
    const { parsed } = await this.readStreamMetadata(streamId);
    return parsed.lead.deleted === true || parsed.nativeSoftDeleted;
  }

  private async positionOfRevision(streamId: string, revision: number): Promise<Position | undefined> {
    const [event] = (await this.readEvents(streamId, 'forwards', BigInt(revision), 1)) ?? [];
    return event && Number(event.revision) === revision && event.position
      ? fromEsdbPosition(event.position)
      : undefined;
  }

  /** A stream's events, or undefined when EventStoreDB says it does not exist (or was tombstoned). */
  private async readEvents(
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

  private async readAllPage(direction: 'forwards' | 'backwards', fromPosition: ReadPosition, maxCount: number) {
    const events: (EsdbRecordedEventLike & { position: Position })[] = [];
    for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount })) {
      if (resolved.event) events.push(resolved.event as EsdbRecordedEventLike & { position: Position });
    }
    return events;
  }

  /**
   * Walks `$all` forwards strictly after `after`, page by page (EventStoreDB's read position is
   * inclusive, so each page's first event, already seen, is skipped), until `visit` returns false.
   */
  private async scanAll(
    after: Position | 'start',
    visit: (event: EsdbRecordedEventLike & { position: Position }) => boolean,
  ): Promise<void> {
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

  private async readStreamMetadata(
    streamId: string,
  ): Promise<{ parsed: ParsedStreamMetadata; revision: number | 'no_stream' }> {
    const [event] = (await this.readEvents(metastreamOf(streamId), 'backwards', END, 1)) ?? [];
    if (!event) return { parsed: fromEsdbStreamMetadata(undefined), revision: 'no_stream' };
    return { parsed: fromEsdbStreamMetadata(event.isJson ? event.data : undefined), revision: Number(event.revision) };
  }

  private async writeStreamMetadata(
    streamId: string,
    raw: Record<string, unknown>,
    expectedRevision: EsdbExpectedRevision,
  ): Promise<void> {
    await this.client.appendToStream(metastreamOf(streamId), jsonEvent({ type: '$metadata', data: raw }), {
      expectedRevision,
    });
  }

  private checkpointStore<C>(
    stream: string,
    toEvent: (cursor: C) => EsdbJsonEventData,
    parse: (data: unknown) => C | undefined,
  ) {
    let limited = false;
    return {
      loadCheckpoint: async (): Promise<C | undefined> => {
        const [last] = (await this.readEvents(stream, 'backwards', END, 1)) ?? [];
        return last ? parse(last.data) : undefined;
      },
      saveCheckpoint: async (cursor: C): Promise<void> => {
        await this.client.appendToStream(stream, toEvent(cursor) as unknown as EsdbEventData, {
          expectedRevision: ANY,
        });
        if (!limited) {
          limited = true;
          // Only the newest checkpoint matters: let EventStoreDB drop the others.
          const current = await this.readStreamMetadata(stream);
          if (current.parsed.metadata.maxCount !== 1) {
            await this.writeStreamMetadata(
              stream,
              toEsdbStreamMetadata({ ...current.parsed.metadata, maxCount: 1 }, current.parsed.preserved),
              exactEsdbRevision(current.revision),
            ).catch((error: unknown) => {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
            });
          }
        }
      },
    };
  }

  private track(subscription: Subscription): Subscription {
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  private observe(call: () => void): void {
    try {
      call();
    } catch {
      // Metrics must never fail a write.
    }
  }
}

/** Our streams are `<category>-<id>`; `$` streams belong to EventStoreDB (and to our checkpoints). */
function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new TypeError('Stream id must be a non-empty string');
  if (streamId.startsWith('$'))
    throw new TypeError(`Stream id ${streamId} starts with '$', which EventStoreDB reserves for system streams`);
}

/** Failures of the connection rather than of the request: a subscription resubscribes after them. */
export function isTransient(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  ) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return code === 14 /* gRPC UNAVAILABLE */ || code === 4; /* DEADLINE_EXCEEDED */
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function reconnectDelayMs(attempt: number): number {
  return Math.min(5000, 200 * 2 ** (attempt - 1));
}
