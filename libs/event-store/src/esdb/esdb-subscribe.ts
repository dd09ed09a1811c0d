import { randomUUID } from 'node:crypto';
import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  START,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type EventData as EsdbEventData,
  type Filter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { Position } from '../event-envelope.js';
import type {
  EventHandler,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../event-store.port.js';
import { comparePositions } from '../position.js';
import {
  allCheckpointEvent,
  allCheckpointStream,
  parseAllCheckpoint,
  parseStreamCheckpoint,
  streamCheckpointEvent,
  streamCheckpointStream,
} from './checkpoints.js';
import { toRecordedEvent, type EsdbJsonEventData, type EsdbRecordedEventLike } from './envelope-mapping.js';
import type { EsdbReader } from './esdb-read.js';
import { checkStreamId, type EsdbStreams } from './esdb-streams.js';
import { EsdbCatchUpSubscription, type CatchUpDriver, type ServerSubscription } from './esdb-subscription.js';
import { isSystemEvent, matchesFilter, toServerFilter } from './filter-mapping.js';
import { fromEsdbPosition, toEsdbPosition } from './position-mapping.js';
import { exactEsdbRevision } from './revision-mapping.js';
import { toEsdbStreamMetadata } from './stream-metadata-mapping.js';

/**
 * Catch-up subscriptions on EventStoreDB's own subscriptions (resubscribing after connection
 * failures), checkpoints kept in `$lead-checkpoint-…` streams. Keeps the running ones so
 * `close()` can stop them.
 */
export class EsdbSubscriptions {
  private readonly running = new Set<Subscription>();

  constructor(
    private readonly streams: EsdbStreams,
    private readonly reader: EsdbReader,
    /** Resubscriptions after connection failures before a subscription gives up. */
    private readonly maxReconnects: number,
  ) {}

  subscribeToAll(handler: EventHandler, options: SubscribeToAllOptions = {}): Subscription {
    const filter = options.filter;
    const checkpointStream = options.checkpointId === undefined ? undefined : allCheckpointStream(options.checkpointId);
    const readable = options.batchSize ? { highWaterMark: Math.max(1, options.batchSize) } : {};
    const driver: CatchUpDriver<AllStreamResolvedEvent, Position> = {
      open: (after, onServerCheckpoint) =>
        this.streams.client.subscribeToAll(
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
      head: () => this.reader.headPosition(),
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
      // The server pushes events one by one: a page of one.
      new EsdbCatchUpSubscription(driver, options.pageHandler ? (event) => options.pageHandler!([event]) : handler, {
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
        this.streams.client.subscribeToStream(streamId, {
          fromRevision: after === undefined ? START : BigInt(after),
        }) as unknown as ServerSubscription<ResolvedEvent>,
      toEvent: (received) => {
        const event = received.event as EsdbRecordedEventLike | undefined;
        return event && !isSystemEvent(event.streamId, event.type) ? toRecordedEvent(event) : undefined;
      },
      cursorOf: (received) => (received.event ? Number(received.event.revision) : undefined),
      compare: (a, b) => a - b,
      head: async () => {
        const last = await this.streams.lastEvent(streamId);
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

  /** The stored checkpoint of the `$all` subscriber `checkpointId` (another process's, for an audit), if any. */
  async allCheckpoint(checkpointId: string): Promise<Position | undefined> {
    const last = await this.streams.lastEvent(allCheckpointStream(checkpointId));
    return last ? parseAllCheckpoint(last.data) : undefined;
  }

  /** Stops every running subscription after its current event. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((s) => s.stop()));
  }

  private checkpointStore<C>(
    stream: string,
    toEvent: (cursor: C) => EsdbJsonEventData,
    parse: (data: unknown) => C | undefined,
  ) {
    let limited = false;
    return {
      loadCheckpoint: async (): Promise<C | undefined> => {
        const last = await this.streams.lastEvent(stream);
        return last ? parse(last.data) : undefined;
      },
      saveCheckpoint: async (cursor: C): Promise<void> => {
        await this.streams.client.appendToStream(stream, toEvent(cursor) as unknown as EsdbEventData, {
          expectedRevision: ANY,
        });
        if (!limited) {
          limited = true;
          // Only the newest checkpoint matters: let EventStoreDB drop the others.
          const current = await this.streams.readStreamMetadata(stream);
          if (current.parsed.metadata.maxCount !== 1) {
            await this.streams
              .writeStreamMetadata(
                stream,
                toEsdbStreamMetadata({ ...current.parsed.metadata, maxCount: 1 }, current.parsed.preserved),
                exactEsdbRevision(current.revision),
              )
              .catch((error: unknown) => {
                if (!(error instanceof WrongExpectedVersionError)) throw error;
              });
          }
        }
      },
    };
  }

  private track(subscription: Subscription): Subscription {
    this.running.add(subscription);
    subscription.done.finally(() => this.running.delete(subscription)).catch(() => undefined);
    return subscription;
  }
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

function reconnectDelayMs(attempt: number): number {
  return Math.min(5000, 200 * 2 ** (attempt - 1));
}
