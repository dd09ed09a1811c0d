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

/** An `EventStore` that hands every call to another: the base of wrappers that change one or two of them. */
export class DelegatingEventStore implements EventStore {
  constructor(protected readonly store: EventStore) {}

  appendToStream(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.store.appendToStream(streamId, events, expectedRevision);
  }
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
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
