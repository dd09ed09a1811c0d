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
 * Each merge therefore notes the log's revision before it loads the participants and appends its entry at exactly
 * that revision: of two concurrent merges one conflicts (409) and, retried, is decided on the state the other left.
 * An entry whose merge was never appended (a crash in between) only records an attempt; nothing reads it as a merge.
 */
@Injectable()
export class ParticipantMergeLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The log's current revision: pass it to `append` once the merge is decided. */
  async revision(jurisdiction: string): Promise<number | 'no_stream'> {
    try {
      const [last] = await this.store.readStream(mergeLogStream(jurisdiction), { direction: 'backwards', maxCount: 1 });
      return last ? last.streamRevision : 'no_stream';
    } catch (error) {
      if (error instanceof StreamNotFound) return 'no_stream';
      throw error;
    }
  }

  /** @throws WrongExpectedVersion when another merge of the jurisdiction was logged since `revision`. */
  async append(jurisdiction: string, revision: number | 'no_stream', entry: ParticipantMergeLogged, metadata: EventMetadata): Promise<void> {
    await this.store.appendToStream(
      mergeLogStream(jurisdiction),
      [{ eventId: newEventId(), type: PARTICIPANT_MERGE_LOGGED, schemaVersion: 1, data: entry, metadata }],
      revision,
    );
  }
}
