import { StreamDeletedError, WrongExpectedVersionError, type EventData as EsdbEventData } from '@eventstore/db-client';
import type { EventData, Position } from '../event-envelope.js';
import type { AppendResult, StreamAppend } from '../event-store.port.js';
import { streamCategory, type EventStoreObserver } from '../event-store-observer.js';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import { START_POSITION } from '../position.js';
import { checkDistinctStreams } from '../stream-append.js';
import { normaliseEvent, prepareEvents, type NormalisedEvent } from './envelope-mapping.js';
import { checkStreamId, type EsdbStreams, type TailState } from './esdb-streams.js';
import { fromEsdbPosition, positionOfEsdbEvent, UNKNOWN_POSITION } from './position-mapping.js';
import { checkExpectedRevision, exactEsdbRevision, fromEsdbRevision } from './revision-mapping.js';
import { toEsdbStreamMetadata } from './stream-metadata-mapping.js';

export interface EsdbAppendSettings {
  /** How many of a stream's newest events (beyond the batch size) a loose append reads to recognise a retry. */
  idempotencyWindow: number;
  /** Attempts of an `any` / `stream_exists` append while other writers keep moving the stream. */
  maxAppendAttempts: number;
  observer?: EventStoreObserver;
}

/**
 * Every append first reads the stream's newest event (its revision and hash), computes the hash
 * chain for the revisions that follow, and appends with that exact revision as EventStoreDB's
 * expectation, so the chain written is the chain computed; the caller's own expectation is checked
 * against what was read, and `any` / `stream_exists` appends retry when another writer got in first.
 */
export class EsdbAppender {
  constructor(
    private readonly streams: EsdbStreams,
    private readonly settings: EsdbAppendSettings,
  ) {}

  async append(streamId: string, events: EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkStreamId(streamId);
    checkExpectedRevision(expectedRevision);
    const started = process.hrtime.bigint();
    const proposed = events.map(normaliseEvent);
    if (proposed.length === 0) return this.appendNothing(streamId, expectedRevision);
    const loose = expectedRevision === 'any' || expectedRevision === 'stream_exists';
    let esdbActual: number | 'no_stream' | undefined;
    for (let attempt = 0; attempt < this.settings.maxAppendAttempts; attempt++) {
      // Writers racing with `any` take turns: EventStoreDB lets one through per round.
      if (attempt > 0 && loose) await sleep(Math.random() * Math.min(100, 2 ** attempt));
      const { state, stored } = await this.check(streamId, proposed, expectedRevision, esdbActual);
      if (stored) return stored;
      const firstRevision = state.lastRevision === 'no_stream' ? 0 : state.lastRevision + 1;
      const prepared = prepareEvents(streamId, proposed, {
        firstRevision,
        previousHash: state.lastHash,
        recordedAt: new Date().toISOString(),
        restart: state.restart,
      });
      let result;
      try {
        result = await this.streams.client.appendToStream(
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
        this.settings.observer?.appendDuration?.(
          Number(process.hrtime.bigint() - started) / 1e9,
          streamCategory(streamId),
        ),
      );
      return { nextExpectedRevision: lastRevision, position };
    }
    const state = await this.streams.tailState(streamId, 1);
    throw new WrongExpectedVersion(streamId, expectedRevision, state.deleted ? 'no_stream' : state.lastRevision);
  }

  /**
   * Several streams, STREAM BY STREAM: EventStoreDB has an atomic multi-stream append only from
   * KurrentDB 25.1 on, through the new client (`@kurrent/kurrentdb-client` ≥ 1.1, `multiStreamAppend`);
   * `@eventstore/db-client` 6, which this adapter uses, has none. So: every stream's expectation (and
   * the duplicate ids among its newest events) is checked first, and nothing is written when one
   * fails — the usual case, a stale expectation, stores nothing, as on PostgreSQL. Then the streams
   * are appended one after another in the order given, each as `appendToStream` does. A writer that
   * moves a later stream between the check and its write makes that stream's append fail after the
   * earlier ones were stored: NOT all-or-none. Callers give every stream's events deterministic ids
   * and name the stream that proves completion last, so a retry of the same call finds the streams
   * already written (idempotent) and completes the rest (docs/event-store.md, "Multi-stream appends").
   */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    checkDistinctStreams(appends);
    for (const a of appends) {
      checkStreamId(a.streamId);
      checkExpectedRevision(a.expectedRevision);
    }
    const checks = await Promise.allSettled(
      appends.map((a) => this.check(a.streamId, a.events.map(normaliseEvent), a.expectedRevision)),
    );
    const refused = checks.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (refused) throw refused.reason;
    const results: AppendResult[] = [];
    for (const a of appends) results.push(await this.append(a.streamId, a.events, a.expectedRevision));
    return results;
  }

  /**
   * Reads the stream's tail and checks an append against it: throws the refusal `appendToStream`
   * would (wrong expected version, an id among the newest events at another place), answers the
   * stored result when the batch is already there (a retry), else the state to build the chain on.
   */
  private async check(
    streamId: string,
    proposed: NormalisedEvent[],
    expectedRevision: ExpectedRevision,
    esdbActual?: number | 'no_stream',
  ): Promise<{ state: TailState; stored?: AppendResult }> {
    const loose = expectedRevision === 'any' || expectedRevision === 'stream_exists';
    const window = loose ? proposed.length + this.settings.idempotencyWindow : 1;
    const state = await this.streams.tailState(streamId, window, esdbActual);
    const actual = state.deleted ? 'no_stream' : state.lastRevision;
    if (proposed.length > 0 && (loose || !satisfies(expectedRevision, actual))) {
      const stored = await this.findStoredBatch(streamId, proposed, expectedRevision, state);
      if (stored) return { state, stored };
    }
    if (!satisfies(expectedRevision, actual)) throw new WrongExpectedVersion(streamId, expectedRevision, actual);
    for (const event of proposed) {
      if (state.tail.some((stored) => stored.id.toLowerCase() === event.eventId))
        throw new DuplicateEventId(event.eventId, streamId);
    }
    return { state };
  }

  /** An append of no events: checks the expectation and reports where the stream is, as EventStoreDB does. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const state = await this.streams.tailState(streamId, 1);
    const actual = state.deleted ? 'no_stream' : state.lastRevision;
    if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
    const last = state.tail[0];
    return {
      nextExpectedRevision: actual === 'no_stream' ? -1 : actual,
      position: last ? positionOfEsdbEvent(last) : START_POSITION,
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
        : ((await this.streams.readEvents(streamId, 'forwards', BigInt(place), batch.length)) ?? []);
    if (stored.length !== batch.length) return undefined;
    for (let i = 0; i < batch.length; i++) {
      if (Number(stored[i].revision) !== place + i || stored[i].id.toLowerCase() !== batch[i].eventId) return undefined;
    }
    return { nextExpectedRevision: lastPlace, position: positionOfEsdbEvent(stored[stored.length - 1]) };
  }

  /** After the first append to a soft-deleted stream: it is alive again (its old events stay truncated). */
  private async clearDeletion(streamId: string): Promise<void> {
    try {
      const current = await this.streams.readStreamMetadata(streamId);
      if (!current.parsed.lead.deleted) return;
      await this.streams.writeStreamMetadata(
        streamId,
        toEsdbStreamMetadata(current.parsed.metadata, current.parsed.preserved, {}),
        exactEsdbRevision(current.revision),
      );
    } catch {
      // Best effort: a leftover flag only matters while the stream has no visible event.
    }
  }

  private async positionOfRevision(streamId: string, revision: number): Promise<Position | undefined> {
    const [event] = (await this.streams.readEvents(streamId, 'forwards', BigInt(revision), 1)) ?? [];
    return event && Number(event.revision) === revision && event.position
      ? fromEsdbPosition(event.position)
      : undefined;
  }

  private observe(call: () => void): void {
    try {
      call();
    } catch {
      // Metrics must never fail a write.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
