import type { Decider, DomainEvent } from './decider.js';
import type { EventMetadata, RecordedEvent } from './event-envelope.js';
import { deriveEventId, newEventId } from './event-id.js';
import type { EventStore, StreamAppend } from './event-store.port.js';
import { DuplicateEventId, StreamNotFound, WrongExpectedVersion } from './errors.js';

export interface AggregateRepositoryOptions<Event extends DomainEvent> {
  /** Schema version written for each event type; 1 when absent. */
  schemaVersions?: Partial<Record<Event['type'], number>>;
  /** Turns a stored event (any schema version) into the current domain event shape. */
  upcast?: (event: RecordedEvent) => Event;
  /** How many times a conflicting write is re-decided on fresh state before giving up. Default 3. */
  maxRetries?: number;
}

export interface HandleOptions<State = unknown> {
  metadata: EventMetadata;
  /**
   * The revision the client last saw (from `If-Match`). When given, a conflict is not retried:
   * the client decided on stale state and must be told (409).
   */
  expectedRevision?: number;
  /**
   * Set when the command reacts to another event: new event ids are derived from it, so a
   * redelivered source event appends nothing new.
   */
  sourceEventId?: string;
  /**
   * The caller just minted the stream's id (a fresh random UUID), so the stream cannot exist yet: the first
   * decision is made on the initial state without reading, and appended with `no_stream`. Should the stream exist
   * after all, that append conflicts and the decision is re-made on the stream as read, like any conflict.
   */
  newStream?: boolean;
  /**
   * The stream as the caller just loaded it (`load`), e.g. to check the caller may see it or to name its
   * jurisdiction in the metadata: the first decision is made on it, so the stream is read once. The append is still
   * made at that revision, so a write in between is a conflict (re-decided on a fresh read, or 409), never lost.
   */
  loaded?: { state: State; revision: number | 'no_stream' };
}

export interface HandleResult<State, Event> {
  state: State;
  events: Event[];
  /** The stream's revision after the write (unchanged when nothing was decided). */
  revision: number;
}

/** A decision made but not yet stored: the append that stores it, and the stream as it will then be. */
export interface PreparedWrite<State, Event> {
  append: StreamAppend;
  events: Event[];
  state: State;
  /** The stream's revision once the append is stored. */
  revision: number;
}

export interface PrepareOptions {
  metadata: EventMetadata;
}

/**
 * Load → fold → decide → append with the loaded revision. A concurrent writer makes the append
 * fail with `WrongExpectedVersion`; the whole decision is then re-made on fresh state, a bounded
 * number of times, and the last conflict is surfaced (409 at the HTTP edge).
 */
export class AggregateRepository<Command, State, Event extends DomainEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, State, Event>,
    private readonly options: AggregateRepositoryOptions<Event> = {},
  ) {}

  /** The state of a stream with no events. */
  get initialState(): State {
    return this.decider.initialState;
  }

  async load(streamId: string): Promise<{ state: State; revision: number | 'no_stream' }> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFound) return { state: this.decider.initialState, revision: 'no_stream' };
      throw error;
    }
    return {
      state: this.fold(recorded),
      revision: recorded.length ? recorded[recorded.length - 1].streamRevision : 'no_stream',
    };
  }

  async handle(streamId: string, command: Command, options: HandleOptions<State>): Promise<HandleResult<State, Event>> {
    const attempts = options.expectedRevision === undefined ? (this.options.maxRetries ?? 3) + 1 : 1;
    let conflict: WrongExpectedVersion | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const { state, revision } =
        attempt === 0 && options.loaded
          ? options.loaded
          : attempt === 0 && options.newStream
            ? { state: this.decider.initialState, revision: 'no_stream' as const }
            : await this.load(streamId);
      if (options.expectedRevision !== undefined && revision !== options.expectedRevision) {
        throw new WrongExpectedVersion(streamId, options.expectedRevision, revision);
      }
      const events = this.decider.decide(command, state);
      if (events.length === 0) return { state, events, revision: revision === 'no_stream' ? -1 : revision };
      try {
        const result = await this.store.appendToStream(
          streamId,
          events.map((event, index) =>
            this.toEventData(event, index, streamId, options.metadata, options.sourceEventId),
          ),
          revision,
        );
        return {
          state: events.reduce((s, e) => this.decider.evolve(s, e), state),
          events,
          revision: result.nextExpectedRevision,
        };
      } catch (error) {
        if (error instanceof DuplicateEventId && options.sourceEventId) {
          // This reaction was already recorded on an earlier delivery of its source event.
          const current = await this.load(streamId);
          return {
            state: current.state,
            events: [],
            revision: current.revision === 'no_stream' ? -1 : current.revision,
          };
        }
        if (!(error instanceof WrongExpectedVersion)) throw error;
        conflict = error;
      }
    }
    throw conflict!;
  }

  /**
   * Decides on the stream as the caller holds it, without appending: one part of a command that writes several
   * streams at once (`EventStore.appendToStreams`). A conflict is then the caller's to re-decide.
   */
  prepare(
    streamId: string,
    command: Command,
    current: { state: State; revision: number | 'no_stream' },
    options: PrepareOptions,
  ): PreparedWrite<State, Event> {
    const events = this.decider.decide(command, current.state);
    const before = current.revision === 'no_stream' ? -1 : current.revision;
    return {
      append: {
        streamId,
        events: events.map((event, index) => this.toEventData(event, index, streamId, options.metadata)),
        expectedRevision: current.revision,
      },
      events,
      state: events.reduce((s, e) => this.decider.evolve(s, e), current.state),
      revision: before + events.length,
    };
  }

  /** The state a stream's first events fold to: the stream as a command that began it left it. */
  fold(events: RecordedEvent[]): State {
    return events.reduce((s, e) => this.decider.evolve(s, this.toDomain(e)), this.decider.initialState);
  }

  private toEventData(event: Event, index: number, streamId: string, metadata: EventMetadata, derivedFrom?: string) {
    return {
      eventId: derivedFrom ? deriveEventId(derivedFrom, `${streamId}/${index}`) : newEventId(),
      type: event.type,
      schemaVersion: this.options.schemaVersions?.[event.type as Event['type']] ?? 1,
      data: event,
      metadata,
    };
  }

  private toDomain(event: RecordedEvent): Event {
    return this.options.upcast ? this.options.upcast(event) : (event.data as Event);
  }
}
