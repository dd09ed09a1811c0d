import { DomainRuleViolation } from '@lead/event-store';
import {
  participantDecider as decider,
  type MergeParticipant,
  type ParticipantCommand,
} from './participant.decider.js';
import type { ParticipantEvent } from './participant.events.js';

const registered: ParticipantEvent = {
  type: 'ParticipantRegistered',
  participantId: 'p-2',
  jurisdiction: 'denver',
  matchKey: 'k',
  registeredAt: '2024-01-01T00:00:00.000Z',
};
const admin = { subject: 'admin-1', agency: 'OBHS' };
const merge = (over: Partial<MergeParticipant> = {}): MergeParticipant => ({
  type: 'MergeParticipant',
  into: { participantId: 'p-1', jurisdiction: 'denver', mergedInto: null },
  mergedBy: admin,
  reasonCode: 'same_person_misspelled',
  at: '2024-02-01T00:00:00.000Z',
  ...over,
});
const given = (events: ParticipantEvent[]) => {
  const state = events.reduce(decider.evolve, decider.initialState);
  return {
    when: (c: ParticipantCommand) => decider.decide(c, state),
    breaks: (c: ParticipantCommand, code: string) => {
      try {
        decider.decide(c, state);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainRuleViolation);
        expect((e as DomainRuleViolation).code).toBe(code);
        return;
      }
      throw new Error(`expected ${code}`);
    },
  };
};

describe('Participant decider', () => {
  it('registers once', () => {
    const register = {
      type: 'RegisterParticipant' as const,
      participantId: 'p-2',
      jurisdiction: 'denver',
      matchKey: 'k',
      at: '2024-01-01T00:00:00.000Z',
    };
    expect(given([]).when(register)).toEqual([registered]);
    expect(given([registered]).when(register)).toEqual([]);
  });

  it('merges into a surviving record of the same jurisdiction, attributed, with a reason code', () => {
    expect(given([registered]).when(merge())).toEqual([
      {
        type: 'ParticipantMergedInto',
        into: 'p-1',
        mergedBy: admin,
        reasonCode: 'same_person_misspelled',
        at: '2024-02-01T00:00:00.000Z',
      },
    ]);
  });

  it('refuses merges that would lose or cross records', () => {
    given([]).breaks(merge(), 'participant_not_found');
    given([registered]).breaks(
      merge({ into: { participantId: 'p-2', jurisdiction: 'denver', mergedInto: null } }),
      'merge_into_itself',
    );
    given([registered]).breaks(
      merge({ into: { participantId: 'p-1', jurisdiction: 'seattle-king-county', mergedInto: null } }),
      'merge_across_jurisdictions',
    );
    given([registered, ...given([registered]).when(merge())]).breaks(merge(), 'already_merged');
    given([registered]).breaks(
      merge({ into: { participantId: 'p-1', jurisdiction: 'denver', mergedInto: 'p-0' } }),
      'merge_into_merged',
    );
    given([registered]).breaks(merge({ reasonCode: 'Her cousin says so' }), 'reason_code_invalid');
  });
});
