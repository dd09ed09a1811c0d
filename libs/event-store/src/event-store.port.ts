import type { EventData, Position, RecordedEvent } from './event-envelope.js';
import type { ExpectedRevision } from './expected-revision.js';

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  nextExpectedRevision: number;
  /** Position of the last event of this append in the global log. */
  position: Position;
}

/** One stream's part of `appendToStreams`: what `appendToStream` takes, as one record. */
export interface StreamAppend {
  streamId: string;
  events: EventData[];
  expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive). Defaults to the start (forwards) or end (backwards). */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

/** Server-side filter for `$all`; both parts must match when both are given. */
export interface AllFilter {
  /** Stream id prefixes, e.g. `['referral-', 'case-']`. */
  streamPrefixes?: string[];
  /** Exact event types, e.g. `['ReferralRecorded']`. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Read events strictly after this position; `start` reads from the beginning. */
  after?: Position | 'start';
  maxCount?: number;
  filter?: AllFilter;
}

export interface StreamMetadata {
  /** Events older than this many seconds are not returned by reads. */
  maxAge?: number;
  /** Only the last N events of the stream are returned by reads. */
  maxCount?: number;
  /** Events before this revision are not returned by reads (soft delete sets it). */
  truncateBefore?: number;
  /** Application-defined keys. */
  custom?: Record<string, unknown>;
}

export interface StreamMetadataResult {
  streamId: string;
  metadata: StreamMetadata;
  /** Revision of the metadata itself (for optimistic concurrency on it); 'no_stream' if never set. */
  metadataRevision: number | 'no_stream';
}

/** Where a catch-up subscription starts when no checkpoint is stored. */
export type SubscriptionStart = 'start' | 'end' | Position;

export interface EventHandler {
  (event: RecordedEvent): Promise<void> | void;
}

export interface SubscribeToAllOptions {
  /**
   * Identifies a durable subscriber. When given, the subscription resumes after the stored
   * checkpoint and stores its position as it goes (after the handler returned).
   */
  checkpointId?: string;
  /** Used when no checkpoint is stored (or `checkpointId` is absent). Default `start`. */
  from?: SubscriptionStart;
  filter?: AllFilter;
  /** Store the checkpoint at most every N handled events (and when caught up). Default 1. */
  checkpointEvery?: number;
  /** Events fetched per read while catching up. */
  batchSize?: number;
  /**
   * When set, events are handed over a page at a time, in order, and `handler` is not called: a projector then
   * applies a page in one transaction instead of one per event. A page is what one read returned (at most
   * `batchSize` events; on EventStoreDB, one event). The checkpoint passes a page only after this returned.
   */
  pageHandler?: (events: RecordedEvent[]) => Promise<void>;
  /** Called once when the subscription has delivered all history and is live. */
  onCaughtUp?: () => void;
  /** Called when the handler throws; the subscription then stops (its checkpoint stays before the event). */
  onError?: (error: unknown) => void;
}

export interface SubscribeToStreamOptions {
  /** Deliver events after this revision; `start` delivers from revision 0. Default `start`. */
  after?: number | 'start';
  checkpointId?: string;
  onCaughtUp?: () => void;
  onError?: (error: unknown) => void;
}

/** A running catch-up subscription. */
export interface Subscription {
  /** Resolves when the handler has finished its current event and nothing more will be delivered. */
  stop(): Promise<void>;
  /** Resolves when the subscription stopped, by `stop()` or by an error (then it rejects). */
  readonly done: Promise<void>;
  /** Position of the last delivered event, if any. */
  readonly lastPosition: Position | undefined;
}

export interface HashChainBreak {
  streamId: string;
  /** The first revision whose stored hash (or link to the previous hash) does not match. */
  revision: number;
  reason: string;
}

export type VerifyResult =
  { ok: true; eventsChecked: number; streamsChecked: number } | ({ ok: false; eventsChecked: number } & HashChainBreak);

/**
 * The event store port. Semantics follow EventStoreDB (expected revisions, idempotent appends
 * of the same event ids, `$all` with filters, catch-up subscriptions); every adapter passes
 * the same contract suite (`libs/event-store/test/event-store.contract.ts`).
 */
export interface EventStore {
  /** Appends atomically: all events or none. */
  appendToStream(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams atomically: every stream's events or none; results in the order given.
   *
   * Each stream's expectation is checked as `appendToStream` checks it; when one fails, nothing is
   * stored and the error is the one `appendToStream` would throw for that stream
   * (`WrongExpectedVersion` naming it, `DuplicateEventId`). A retry of the same appends (same event
   * ids) already stored is idempotent per stream. A stream named twice is refused (`RangeError`).
   * EventStoreDB adapter: stream by stream, not atomic under a race — see docs/event-store.md
   * ("Multi-stream appends") for what callers do about it.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** Throws `StreamNotFound` when the stream does not exist or was soft-deleted. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the global log in order; never returns an event before one that may still commit before it. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Current position of the head of the global log (last visible event), or undefined if empty. */
  headPosition(): Promise<Position | undefined>;
  subscribeToAll(handler: EventHandler, options?: SubscribeToAllOptions): Subscription;
  subscribeToStream(streamId: string, handler: EventHandler, options?: SubscribeToStreamOptions): Subscription;
  getStreamMetadata(streamId: string): Promise<StreamMetadataResult>;
  setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expectedMetadataRevision?: ExpectedRevision,
  ): Promise<void>;
  /** Soft delete: reads fail with `StreamNotFound`; a later append continues the revision numbering. */
  deleteStream(streamId: string, expectedRevision?: ExpectedRevision): Promise<void>;
  verifyStream(streamId: string): Promise<VerifyResult>;
  verifyAll(): Promise<VerifyResult>;
  /** Stops subscriptions after their current event and releases connections. */
  close(): Promise<void>;
}
