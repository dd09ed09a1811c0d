import { Inject, Injectable } from '@nestjs/common';
import { newEventId, StreamNotFound, type EventMetadata, type EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';

/** The event that takes a jurisdiction's next place in its merge log, before the merge itself is appended. */
export const PARTICIPANT_MERGE_LOGGED = 'ParticipantMergeLogged';

export interface ParticipantMergeLogged {
  participantId: string;
  into: string;
}

const mergeLogStream = (jurisdiction: string) => `participantmerges-${jurisdiction}`;

/**
 * Serialises the merges of one jurisdiction. A merge reads two participant streams and writes one, so two merges
 * deciding at once (A into B, B into A) could both pass the decider's checks and leave neither record standing.
 * Each merge therefore decides on the log as read and appends its entry at exactly that revision: of two concurrent
 * merges one conflicts (409) and, retried, is refused on what the other logged. An entry whose participant append
 * never happened (a crash in between) still counts as the merge: retrying it answers `already_merged`, and the
 * missing `ParticipantMergedInto` is the one gap, visible by comparing the log with the participant's stream.
 */
@Injectable()
export class ParticipantMergeLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The log as of now: its revision (pass it to `append` once the merge is decided) and who was merged into whom.
   * A merge is decided on this, not on the participant streams: the log entry and the participant's
   * `ParticipantMergedInto` are two appends, and a concurrent merge reading between them would see a stale stream.
   */
  async read(
    jurisdiction: string,
  ): Promise<{ revision: number | 'no_stream'; mergedInto: ReadonlyMap<string, string> }> {
    try {
      const events = await this.store.readStream(mergeLogStream(jurisdiction));
      const mergedInto = new Map(
        events.map((e) => [(e.data as ParticipantMergeLogged).participantId, (e.data as ParticipantMergeLogged).into]),
      );
      return { revision: events.length ? events[events.length - 1].streamRevision : 'no_stream', mergedInto };
    } catch (error) {
      if (error instanceof StreamNotFound) return { revision: 'no_stream', mergedInto: new Map() };
      throw error;
    }
  }

  /** @throws WrongExpectedVersion when another merge of the jurisdiction was logged since `revision`. */
  async append(
    jurisdiction: string,
    revision: number | 'no_stream',
    entry: ParticipantMergeLogged,
    metadata: EventMetadata,
  ): Promise<void> {
    await this.store.appendToStream(
      mergeLogStream(jurisdiction),
      [{ eventId: newEventId(), type: PARTICIPANT_MERGE_LOGGED, schemaVersion: 1, data: entry, metadata }],
      revision,
    );
  }
}
