import type { EventData } from './event-envelope.js';
import { DelegatingEventStore } from './delegating-event-store.js';
import type { AppendResult, EventStore, StreamAppend } from './event-store.port.js';
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

class CheckedEventStore extends DelegatingEventStore {
  constructor(
    store: EventStore,
    private readonly check: AppendCheck,
  ) {
    super(store);
  }

  override appendToStream(
    streamId: string,
    events: EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      this.check(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.store.appendToStream(streamId, events, expectedRevision);
  }
  override appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    try {
      for (const { streamId, events } of appends) this.check(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.store.appendToStreams(appends);
  }
}
