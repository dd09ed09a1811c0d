import type { Decider } from '@lead/event-store/decider';
import type { ParticipantMatchKeyEvent } from './participant-match-key.events.js';

/** Claims a match key for a participant id just minted; the key's first claim wins. */
export interface ClaimMatchKey {
  type: 'ClaimMatchKey';
  participantId: string;
  jurisdiction: string;
}

export type ParticipantMatchKeyCommand = ClaimMatchKey;

export type ParticipantMatchKeyState =
  { status: 'unclaimed' } | { status: 'claimed'; participantId: string; jurisdiction: string };

/**
 * A blind index of one person's name and birth date in one jurisdiction (see participant-match-key.ts), held by the
 * participant who claimed it first. Concurrent first referrals of one new person race to claim it: the loser's claim
 * is re-decided on the winner's and decides nothing, so both referrals name the winner's participant.
 */
export const participantMatchKeyDecider: Decider<
  ParticipantMatchKeyCommand,
  ParticipantMatchKeyState,
  ParticipantMatchKeyEvent
> = {
  initialState: { status: 'unclaimed' },

  decide(command, state) {
    if (state.status === 'claimed') return [];
    return [
      { type: 'ParticipantMatchKeyClaimed', participantId: command.participantId, jurisdiction: command.jurisdiction },
    ];
  },

  evolve(state, event) {
    // Only the first claim counts (a later one is never appended, but a stream is read as it is).
    if (state.status === 'claimed') return state;
    return { status: 'claimed', participantId: event.participantId, jurisdiction: event.jurisdiction };
  },
};

/** The participant a claimed key names. */
export function claimantOf(state: ParticipantMatchKeyState): string {
  if (state.status !== 'claimed') throw new Error('The match key has not been claimed.');
  return state.participantId;
}
