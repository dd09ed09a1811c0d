import { DeciderSpecification } from '@lead/testing';
import { mergedIntoOf, participantDecider, type MergeParticipant } from './participant.decider.js';
import type { ParticipantEvent } from './participant.events.js';

const registered: ParticipantEvent = {
  type: 'ParticipantRegistered',
  participantId: 'p-2',
  jurisdiction: 'denver',
  matchKey: 'k',
  registeredAt: '2024-01-01T00:00:00.000Z',
};
const register = {
  type: 'RegisterParticipant' as const,
  participantId: 'p-2',
  jurisdiction: 'denver',
  matchKey: 'k',
  at: '2024-01-01T00:00:00.000Z',
};
const admin = { subject: 'admin-1', agency: 'OBHS' };
const merge: MergeParticipant = {
  type: 'MergeParticipant',
  into: 'p-1',
  mergedBy: admin,
  reasonCode: 'same_person_misspelled',
  at: '2024-02-01T00:00:00.000Z',
};
const mergedIntoP1: ParticipantEvent = {
  type: 'ParticipantMergedInto',
  into: 'p-1',
  mergedBy: admin,
  reasonCode: 'same_person_misspelled',
  at: '2024-02-01T00:00:00.000Z',
};

const spec = DeciderSpecification.for(participantDecider);

describe('Participant decider', () => {
  it('registers once (a second registration completes nothing more)', () => {
    spec.given([]).when(register).then([registered]);
    spec.given([registered]).when(register).thenNothing();
  });

  it('records the merge its merge log decided, attributed, with the reason code', () => {
    spec.given([registered]).when(merge).then([mergedIntoP1]);
    spec
      .given([registered])
      .when(merge)
      .thenState((state) => expect(mergedIntoOf(state)).toBe('p-1'));
    expect(mergedIntoOf(spec.given([registered]).state)).toBeNull();
  });

  it('participant_not_found / already_merged: only a standing record is merged', () => {
    spec.given([]).when(merge).thenThrows('participant_not_found');
    spec.given([registered, mergedIntoP1]).when(merge).thenThrows('already_merged');
  });
});
