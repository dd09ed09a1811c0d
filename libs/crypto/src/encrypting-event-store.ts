import type {
  AppendResult,
  EventData,
  EventHandler,
  EventStore,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamMetadata,
  StreamMetadataResult,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
  VerifyResult,
} from '@lead/event-store';
import type { FieldPath } from './field-paths.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';

/** Per event type, the paths of its personal fields (e.g. `{ ParticipantIdentified: ['name', 'address'] }`). */
export type PersonalFieldMap = Readonly<Record<string, readonly FieldPath[]>>;

/**
 * An `EventStore` that seals the personal fields of the event types it is told about before they
 * are appended, and opens every sealed value on the way out (reads and subscriptions), so services
 * and projectors handle plaintext and cannot forget to encrypt. The inner store only ever sees
 * ciphertext: its hash chain covers the ciphertext and keeps verifying after a key is shredded,
 * when reads answer `ERASED` in place of the values.
 *
 * The participant is `metadata.participantId`; appending a listed event type without it is refused.
 */
export class EncryptingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly cipher: PersonalDataCipher,
    private readonly personalFields: PersonalFieldMap,
  ) {}

  async appendToStream(
    streamId: string,
    events: EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.seal(event)));
    return this.inner.appendToStream(streamId, sealed, expectedRevision);
  }

  /** Seals every stream's events (all before any is stored, so a refusal stores nothing), then one inner call. */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    const sealed = await Promise.all(
      appends.map(async (a) => ({ ...a, events: await Promise.all(a.events.map((event) => this.seal(event))) })),
    );
    return this.inner.appendToStreams(sealed);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return Promise.all((await this.inner.readStream(streamId, options)).map((event) => this.open(event)));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return Promise.all((await this.inner.readAll(options)).map((event) => this.open(event)));
  }

  headPosition(): Promise<Position | undefined> {
    return this.inner.headPosition();
  }

  subscribeToAll(handler: EventHandler, options?: SubscribeToAllOptions): Subscription {
    const pageHandler = options?.pageHandler;
    return this.inner.subscribeToAll(async (event) => handler(await this.open(event)), {
      ...options,
      ...(pageHandler
        ? { pageHandler: async (events) => pageHandler(await Promise.all(events.map((event) => this.open(event)))) }
        : {}),
    });
  }

  subscribeToStream(streamId: string, handler: EventHandler, options?: SubscribeToStreamOptions): Subscription {
    return this.inner.subscribeToStream(streamId, async (event) => handler(await this.open(event)), options);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    return this.inner.getStreamMetadata(streamId);
  }

  setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expectedMetadataRevision?: ExpectedRevision,
  ): Promise<void> {
    return this.inner.setStreamMetadata(streamId, metadata, expectedMetadataRevision);
  }

  deleteStream(streamId: string, expectedRevision?: ExpectedRevision): Promise<void> {
    return this.inner.deleteStream(streamId, expectedRevision);
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.inner.verifyStream(streamId);
  }

  verifyAll(): Promise<VerifyResult> {
    return this.inner.verifyAll();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async seal(event: EventData): Promise<EventData> {
    const paths = this.personalFields[event.type];
    if (!paths || paths.length === 0) return event;
    const participantId = event.metadata.participantId;
    if (typeof participantId !== 'string' || participantId === '') {
      throw new Error(`${event.type} carries personal data and needs metadata.participantId to be encrypted`);
    }
    return { ...event, data: await this.cipher.sealFields(participantId, event.data, paths) };
  }

  /** Every sealed value is opened, whatever the event type: a type dropped from the map still reads. */
  private async open(event: RecordedEvent): Promise<RecordedEvent> {
    const participantId = event.metadata.participantId;
    if (typeof participantId !== 'string' || participantId === '') return event;
    const data = await this.cipher.openAll(participantId, event.data);
    return data === event.data ? event : { ...event, data };
  }
}
