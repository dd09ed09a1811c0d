import { DeciderSpecification } from '@lead/testing';
import { claimantOf, participantMatchKeyDecider, type ClaimMatchKey } from './participant-match-key.decider.js';
import type { ParticipantMatchKeyClaimed } from './participant-match-key.events.js';

const claim = (participantId: string): ClaimMatchKey => ({
  type: 'ClaimMatchKey',
  participantId,
  jurisdiction: 'denver',
});
const claimed = (participantId: string): ParticipantMatchKeyClaimed => ({
  type: 'ParticipantMatchKeyClaimed',
  participantId,
  jurisdiction: 'denver',
});

const spec = DeciderSpecification.for(participantMatchKeyDecider);

describe('Participant match key decider', () => {
  it('claims an unclaimed key for the participant id just minted', () => {
    spec
      .given([])
      .when(claim('p-1'))
      .then([claimed('p-1')]);
    spec
      .given([])
      .when(claim('p-1'))
      .thenState((state) => expect(claimantOf(state)).toBe('p-1'));
  });

  it('lets the first claim win: a later (or racing) claim decides nothing and names the first claimant', () => {
    spec
      .given([claimed('p-1')])
      .when(claim('p-2'))
      .thenNothing();
    expect(claimantOf(spec.given([claimed('p-1')]).state)).toBe('p-1');
    expect(claimantOf(spec.given([claimed('p-1'), claimed('p-2')]).state)).toBe('p-1');
  });

  it('has no claimant before the first claim', () => {
    expect(() => claimantOf(spec.given([]).state)).toThrow();
  });
});
