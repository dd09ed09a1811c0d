import type { EventData } from './event-envelope.js';
import type {
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAppend,
  StreamMetadata,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
} from './event-store.port.js';
import type { ExpectedRevision } from './expected-revision.js';

/**
 * Looks at an append before it reaches the store and throws `AppendRefused` to stop it. The service's publication
 * uses it so that nothing is stored that its relay could not publish: an event stored but unpublishable would stop
 * the relay at that event for ever, holding back every later one.
 */
export type AppendCheck = (streamId: string, events: readonly EventData[]) => void;

/** One reason an append was refused: where in the derived document, what is wrong, and the offending value. */
export interface AppendProblem {
  /** JSON pointer into what was checked, e.g. `/data/answeredAt` of the integration event. */
  path: string;
  message: string;
  /** The value found at `path`, when there is one: lets the HTTP edge name the request field that carried it. */
  value?: unknown;
}

/** An append refused by an `AppendCheck`. Nothing was stored. */
export class AppendRefused extends Error {
  override readonly name = 'AppendRefused';
  constructor(
    readonly streamId: string,
    readonly eventType: string,
    readonly problems: readonly AppendProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `${eventType} on ${streamId} refused: ${problems.map((p) => `${p.path || '(event)'} ${p.message}`).join('; ')}`,
      options,
    );
  }
}

/**
 * `store`, with every append first passed through `check` — for `appendToStreams`, every stream's events
 * before any is stored, so one refused stream stores nothing on any; everything else is the store's own.
 */
export function withAppendCheck(store: EventStore, check: AppendCheck): EventStore {
  return new CheckedEventStore(store, check);
}

class CheckedEventStore implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly check: AppendCheck,
  ) {}

  appendToStream(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    try {
      this.check(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.store.appendToStream(streamId, events, expectedRevision);
  }
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    try {
      for (const { streamId, events } of appends) this.check(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.store.appendToStreams(appends);
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.store.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions) {
    return this.store.readAll(options);
  }
  headPosition() {
    return this.store.headPosition();
  }
  subscribeToAll(handler: EventHandler, options?: SubscribeToAllOptions) {
    return this.store.subscribeToAll(handler, options);
  }
  subscribeToStream(streamId: string, handler: EventHandler, options?: SubscribeToStreamOptions) {
    return this.store.subscribeToStream(streamId, handler, options);
  }
  getStreamMetadata(streamId: string) {
    return this.store.getStreamMetadata(streamId);
  }
  setStreamMetadata(streamId: string, metadata: StreamMetadata, expectedMetadataRevision?: ExpectedRevision) {
    return this.store.setStreamMetadata(streamId, metadata, expectedMetadataRevision);
  }
  deleteStream(streamId: string, expectedRevision?: ExpectedRevision) {
    return this.store.deleteStream(streamId, expectedRevision);
  }
  verifyStream(streamId: string) {
    return this.store.verifyStream(streamId);
  }
  verifyAll() {
    return this.store.verifyAll();
  }
  close() {
    return this.store.close();
  }
}
