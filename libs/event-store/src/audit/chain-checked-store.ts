import { DelegatingEventStore } from '../delegating-event-store.js';
import type { EventData, RecordedEvent } from '../event-envelope.js';
import type { AppendResult, EventStore, ReadStreamOptions, StreamAppend, StreamMetadata } from '../event-store.port.js';
import type { ExpectedRevision } from '../expected-revision.js';
import type { Finding, FindingKind } from './findings.js';
import { checkReadEvents } from './read-chain-check.js';
import { StreamIntegrityBroken } from './stream-integrity-broken.js';

/** What the store asks before it reads or writes a stream, and whom it tells of a broken read. */
export interface StreamIntegrityGuard {
  /** The kinds of the open findings on this stream; empty when none is open. Called on every read and write. */
  openFindings(streamId: string): readonly FindingKind[];
  /** A read found these; the guard records them (they must hold the stream from now on). Must not throw. */
  reportBroken(streamId: string, findings: readonly Finding[]): void;
}

/**
 * `store`, refusing with `StreamIntegrityBroken` to read or append to a stream with an open finding, and checking
 * every stream read on the way (`checkReadEvents`): a read that does not verify is reported to the guard and refused.
 * A handler loads before it decides, so an edit of a stream is caught at the latest by the next command on it, and
 * nothing is decided on it or appended after it. `$all` reads and subscriptions pass unchecked: the chain verifier
 * walks them, and a relay or projection refusing a page would stall every later event for one edit.
 */
export function withChainCheck(store: EventStore, guard: StreamIntegrityGuard): EventStore {
  return new ChainCheckedEventStore(store, guard);
}

class ChainCheckedEventStore extends DelegatingEventStore {
  constructor(
    store: EventStore,
    private readonly guard: StreamIntegrityGuard,
  ) {
    super(store);
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    await this.refuseIfHeld(streamId);
    const events = await this.store.readStream(streamId, options);
    const findings = checkReadEvents(events);
    if (findings.length > 0) {
      this.guard.reportBroken(streamId, findings);
      throw new StreamIntegrityBroken(
        streamId,
        [...new Set(findings.map((finding) => finding.kind))],
        jurisdictionsOf(events),
      );
    }
    return events;
  }

  override async appendToStream(
    streamId: string,
    events: EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    await this.refuseIfHeld(streamId);
    return this.store.appendToStream(streamId, events, expectedRevision);
  }

  override async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    for (const { streamId } of appends) await this.refuseIfHeld(streamId);
    return this.store.appendToStreams(appends);
  }

  // Deleting a held stream or rewriting its metadata (truncateBefore hides events) would bury what was found.
  override async deleteStream(streamId: string, expectedRevision?: ExpectedRevision): Promise<void> {
    await this.refuseIfHeld(streamId);
    return this.store.deleteStream(streamId, expectedRevision);
  }

  override async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expectedMetadataRevision?: ExpectedRevision,
  ): Promise<void> {
    await this.refuseIfHeld(streamId);
    return this.store.setStreamMetadata(streamId, metadata, expectedMetadataRevision);
  }

  private async refuseIfHeld(streamId: string): Promise<void> {
    const kinds = this.guard.openFindings(streamId);
    if (kinds.length === 0) return;
    // Only the refusal reads the held stream, for whom to tell: its events' jurisdictions, never served.
    const events = await this.store.readStream(streamId).catch((): RecordedEvent[] => []);
    throw new StreamIntegrityBroken(streamId, kinds, jurisdictionsOf(events));
  }
}

function jurisdictionsOf(events: readonly RecordedEvent[]): string[] {
  const named = events.map((event) => event.metadata.jurisdiction);
  return [...new Set(named.filter((j): j is string => typeof j === 'string' && j.length > 0))];
}
