import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventData, Position, RecordedEvent } from '../event-envelope.js';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  StreamMetadata,
  StreamMetadataResult,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port.js';
import type { EventStoreObserver } from '../event-store-observer.js';
import type { ExpectedRevision } from '../expected-revision.js';
import { EsdbAppender } from './esdb-append.js';
import { EsdbStreamMetadata } from './esdb-metadata.js';
import { EsdbReader } from './esdb-read.js';
import { EsdbStreams } from './esdb-streams.js';
import { EsdbSubscriptions } from './esdb-subscribe.js';
import { EsdbVerifier } from './esdb-verify.js';

export { isTransient } from './esdb-subscribe.js';

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

/**
 * The EventStore port on EventStoreDB / KurrentDB through `@eventstore/db-client` (EVENT_STORE=esdb).
 * Mapping, soft delete and what is verified where: docs/event-store.md.
 *
 * A façade over its parts, which share one client (esdb-streams.ts): append (esdb-append.ts),
 * read (esdb-read.ts), subscribe (esdb-subscribe.ts), metadata and soft delete
 * (esdb-metadata.ts), verify (esdb-verify.ts).
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly appender: EsdbAppender;
  private readonly reader: EsdbReader;
  private readonly subscriptions: EsdbSubscriptions;
  private readonly metadata: EsdbStreamMetadata;
  private readonly verifier: EsdbVerifier;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = options.client;
    const maxAppendAttempts = Math.max(2, options.maxAppendAttempts ?? 16);
    const streams = new EsdbStreams(this.client, Math.max(2, options.pageSize ?? 500));
    this.appender = new EsdbAppender(streams, {
      idempotencyWindow: Math.max(0, options.idempotencyWindow ?? 16),
      maxAppendAttempts,
      observer: options.observer,
    });
    this.reader = new EsdbReader(streams);
    this.subscriptions = new EsdbSubscriptions(streams, this.reader, Math.max(0, options.maxReconnects ?? 10));
    this.metadata = new EsdbStreamMetadata(streams, maxAppendAttempts);
    this.verifier = new EsdbVerifier(streams);
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

  appendToStream(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appender.append(streamId, events, expectedRevision);
  }

  /**
   * NOT atomic on this adapter: every stream's expectation is checked before any is written, then the
   * streams are appended one by one in the order given; a writer racing in between can leave the earlier
   * streams written and a later one refused. `@eventstore/db-client` 6 has no multi-stream append
   * (KurrentDB 25.1's `multiStreamAppend` needs `@kurrent/kurrentdb-client`). See esdb-append.ts and
   * docs/event-store.md, "Multi-stream appends", for how callers make a retry complete the call.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.appender.appendMany(appends);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  headPosition(): Promise<Position | undefined> {
    return this.reader.headPosition();
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeToAllOptions): Subscription {
    return this.subscriptions.subscribeToAll(handler, options);
  }

  subscribeToStream(streamId: string, handler: EventHandler, options?: SubscribeToStreamOptions): Subscription {
    return this.subscriptions.subscribeToStream(streamId, handler, options);
  }

  /**
   * Where the `$all` subscription stored under `checkpointId` stands (`$lead-checkpoint-<id>`), for an audit that
   * compares a read model with the log up to there; undefined when it has stored none. Not on the port: a checkpoint
   * is its subscription's own business.
   */
  allSubscriptionCheckpoint(checkpointId: string): Promise<Position | undefined> {
    return this.subscriptions.allCheckpoint(checkpointId);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    return this.metadata.getStreamMetadata(streamId);
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata, expected?: ExpectedRevision): Promise<void> {
    return this.metadata.setStreamMetadata(streamId, metadata, expected);
  }

  deleteStream(streamId: string, expected?: ExpectedRevision): Promise<void> {
    return this.metadata.deleteStream(streamId, expected);
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.verifier.verifyStream(streamId);
  }

  verifyAll(): Promise<VerifyResult> {
    return this.verifier.verifyAll();
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    if (this.options.ownsClient ?? true) await this.client.dispose();
  }
}
