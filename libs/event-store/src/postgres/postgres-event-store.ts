import type pg from 'pg';
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
import { AppendNotifier } from './append-notifier.js';
import { HashChainVerifier } from './hash-chain-verifier.js';
import { migrate, quoteSchema } from './migrator.js';
import { eventStoreMigrations } from './migrations/index.js';
import { PostgresAppender } from './postgres-append.js';
import { PostgresStreamMetadata } from './postgres-metadata.js';
import { PostgresReader } from './postgres-read.js';
import { PostgresSubscriptions } from './postgres-subscribe.js';
import { StreamHeadCache } from './stream-head-cache.js';
import type { PostgresStoreContext } from './store-context.js';

export interface PostgresEventStoreOptions {
  pool: pg.Pool;
  /** PostgreSQL schema holding the log; one per deployment (or per test file). Default `event_store`. */
  schema?: string;
  observer?: EventStoreObserver;
  /** Fallback poll for subscriptions when no notification arrives. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Events per page while a subscription catches up. Default 1000. */
  batchSize?: number;
  /** Close the pool on `close()` (when the store created it). Default false. */
  ownsPool?: boolean;
}

/**
 * The default event store: PostgreSQL, on `pg`. See docs/event-store.md for its guarantees.
 * A façade over its parts, which share one context (pool, schema, head cache, notifier):
 * append (postgres-append.ts), read (postgres-read.ts), subscribe (postgres-subscribe.ts),
 * metadata and soft delete (postgres-metadata.ts), verify (hash-chain-verifier.ts).
 */
export class PostgresEventStore implements EventStore {
  private readonly ctx: PostgresStoreContext;
  private readonly reader: PostgresReader;
  private readonly appender: PostgresAppender;
  private readonly subscriptions: PostgresSubscriptions;
  private readonly metadata: PostgresStreamMetadata;
  private readonly verifier: HashChainVerifier;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    const schema = options.schema ?? 'event_store';
    this.ctx = {
      pool: options.pool,
      s: quoteSchema(schema),
      heads: new StreamHeadCache(),
      notifier: new AppendNotifier(options.pool, `lead_events_${schema}`),
      observer: options.observer,
      batchSize: options.batchSize ?? 1000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
    };
    this.reader = new PostgresReader(this.ctx);
    this.appender = new PostgresAppender(this.ctx, this.reader);
    this.subscriptions = new PostgresSubscriptions(this.ctx, this.reader);
    this.metadata = new PostgresStreamMetadata(this.ctx, this.reader);
    this.verifier = new HashChainVerifier(this.ctx.pool, this.ctx.s);
  }

  /** Applies pending migrations, then returns a ready store. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    await migrate(options.pool, options.schema ?? 'event_store', eventStoreMigrations, 'event-store');
    return new PostgresEventStore(options);
  }

  appendToStream(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.appender.append(streamId, events, expectedRevision);
  }

  /** One transaction; streams locked in stream-id order (postgres-append.ts). */
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
    return this.verifier.verify(streamId);
  }

  verifyAll(): Promise<VerifyResult> {
    return this.verifier.verify();
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    await this.ctx.notifier.close();
    if (this.options.ownsPool) await this.options.pool.end();
  }
}
