import { comparePositions, newEventId, type EventData, type EventStore, type Position } from '@lead/event-store';
import { CHECKED_IN } from './check-in-mapper.mjs';

/**
 * A small test domain: participants check in (one stream per participant, `checkin-<id>`), a case note stays
 * internal (not published), and a "poison" check-in is one a test handler refuses until it is fixed.
 */
export { CHECKED_IN, checkInMapper, INTEGRATION_TYPE } from './check-in-mapper.mjs';
export const NOTE_TAKEN = 'CaseNoteTaken';

export interface CheckIn {
  participantId: string;
  sequence: number;
  poison?: boolean;
}

export interface AppendedCheckIn extends CheckIn {
  eventId: string;
  /** Where the append that wrote it ended in the global log (the note, if one followed it). */
  position: Position;
}

/**
 * The furthest position of these appends. Wait for this, not for the store's head: a head read right after an
 * append can still be behind it, while an older transaction elsewhere in the cluster holds the event back (the xid
 * fence), and "caught up with the head" would then not include it.
 */
export function lastPosition(appended: AppendedCheckIn[]): Position {
  return appended.map((event) => event.position).reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
}

export function checkInStream(participantId: string): string {
  return `checkin-${participantId}`;
}

/**
 * Appends `perParticipant` check-ins for each participant (sequence 1…n, in order within a participant), with
 * `writers` participants written concurrently so that participants interleave in the global log. A note is
 * appended after each participant's first check-in (an event the relay must pass over).
 */
export async function appendCheckIns(
  store: EventStore,
  participants: string[],
  perParticipant: number,
  options: { writers?: number; poison?: (participantId: string, sequence: number) => boolean } = {},
): Promise<AppendedCheckIn[]> {
  const appended: AppendedCheckIn[] = [];
  const queue = [...participants];
  const writer = async () => {
    for (let participantId = queue.shift(); participantId; participantId = queue.shift()) {
      let revision: number | 'no_stream' = 'no_stream';
      for (let sequence = 1; sequence <= perParticipant; sequence++) {
        const checkIn: CheckIn = {
          participantId,
          sequence,
          poison: options.poison?.(participantId, sequence) ?? false,
        };
        const eventId = newEventId();
        const events: EventData[] = [
          {
            eventId,
            type: CHECKED_IN,
            schemaVersion: 1,
            data: checkIn,
            metadata: { correlationId: newEventId(), participantId },
          },
        ];
        if (sequence === 1) {
          events.push({
            eventId: newEventId(),
            type: NOTE_TAKEN,
            schemaVersion: 1,
            data: { participantId, sequence: 0, poison: false },
            metadata: { correlationId: newEventId(), participantId },
          });
        }
        const result = await store.appendToStream(checkInStream(participantId), events, revision);
        revision = result.nextExpectedRevision;
        appended.push({ ...checkIn, eventId, position: result.position });
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers ?? 10 }, writer));
  return appended;
}

export function participantIds(count: number): string[] {
  return Array.from({ length: count }, () => newEventId());
}
