import type { RecordedEvent } from '@lead/event-store';
import { matchesFilter } from './integration-event-mapper.js';

const event = (streamId: string, type: string) => ({ streamId, type }) as RecordedEvent;

describe('matchesFilter', () => {
  it('applies prefixes and types as the store does: both must match when both are given', () => {
    const filter = { streamPrefixes: ['referral-'], eventTypes: ['ReferralAccepted'] };
    expect(matchesFilter(event('referral-1', 'ReferralAccepted'), filter)).toBe(true);
    expect(matchesFilter(event('referral-1', 'ReferralDeclined'), filter)).toBe(false);
    expect(matchesFilter(event('case-1', 'ReferralAccepted'), filter)).toBe(false);
    expect(matchesFilter(event('case-1', 'anything'), {})).toBe(true);
  });
});
