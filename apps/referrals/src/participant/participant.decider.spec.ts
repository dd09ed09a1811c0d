import { DeciderSpecification } from '@lead/testing';
import {
  erasureOf,
  mergedIntoOf,
  participantDecider,
  type BeginErasure,
  type MergeParticipant,
} from './participant.decider.js';
import type { ParticipantEvent } from './participant.events.js';

const registered: ParticipantEvent = {
  type: 'ParticipantRegistered',
  participantId: 'p-2',
  jurisdiction: 'denver',
  registeredAt: '2024-01-01T00:00:00.000Z',
};
const register = {
  type: 'RegisterParticipant' as const,
  participantId: 'p-2',
  jurisdiction: 'denver',
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

  const begin: BeginErasure = {
    type: 'BeginErasure',
    erasureId: 'e-1',
    participants: ['p-2'],
    reasonCode: 'court_order',
    requestedBy: admin,
    at: '2024-03-01T00:00:00.000Z',
  };
  const begun: ParticipantEvent = {
    type: 'ParticipantErasureBegun',
    erasureId: 'e-1',
    participants: ['p-2'],
    reasonCode: 'court_order',
    requestedBy: admin,
    at: '2024-03-01T00:00:00.000Z',
  };
  const complete = { type: 'CompleteErasure' as const, indexStreamsRemoved: 1, at: '2024-03-01T00:00:01.000Z' };
  const erased: ParticipantEvent = {
    type: 'ParticipantErased',
    erasureId: 'e-1',
    reasonCode: 'court_order',
    indexStreamsRemoved: 1,
    at: '2024-03-01T00:00:01.000Z',
  };

  it('begins an erasure once, under its first id and reason, and completes it once', () => {
    spec.given([registered]).when(begin).then([begun]);
    spec
      .given([registered, begun])
      .when({ ...begin, erasureId: 'e-2', reasonCode: 'other' })
      .thenNothing();
    spec.given([registered, begun]).when(complete).then([erased]);
    spec.given([registered, begun, erased]).when(complete).thenNothing();
    spec.given([registered, begun, erased]).when(begin).thenNothing();
    expect(erasureOf(spec.given([registered, begun, erased]).state)).toEqual({
      status: 'erased',
      erasureId: 'e-1',
      reasonCode: 'court_order',
    });
  });

  it('participant_not_found / erasure_not_begun / erased_participant_not_merged', () => {
    spec.given([]).when(begin).thenThrows('participant_not_found');
    spec.given([registered]).when(complete).thenThrows('erasure_not_begun');
    spec.given([registered, begun]).when(merge).thenThrows('erased_participant_not_merged');
    spec.given([registered, begun, erased]).when(merge).thenThrows('erased_participant_not_merged');
  });

  it('a merged record is erased like any other', () => {
    spec.given([registered, mergedIntoP1]).when(begin).then([begun]);
  });
});
