import type { RecordedEvent } from '@lead/event-store';
import { unionFilter } from './consumer/embedded-consumer.js';
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

describe('unionFilter', () => {
  it('lets through whatever any of the filters does', () => {
    const union = unionFilter([{ streamPrefixes: ['referral-'] }, { streamPrefixes: ['case-', 'referral-'] }]);
    expect(union).toEqual({ streamPrefixes: ['referral-', 'case-'] });
  });

  it('drops a part that one of the filters leaves open', () => {
    expect(unionFilter([{ streamPrefixes: ['referral-'], eventTypes: ['A'] }, { streamPrefixes: ['case-'] }])).toEqual({
      streamPrefixes: ['referral-', 'case-'],
    });
    expect(unionFilter([{ eventTypes: ['A'] }, {}])).toEqual({});
  });
});
