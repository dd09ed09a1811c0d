import { eventTypeFilter, streamNameFilter } from '@eventstore/db-client';
import { isSystemEvent, matchesFilter, toServerFilter } from './filter-mapping.js';

describe('EventStoreDB filter mapping', () => {
  it('filters on stream prefixes on the server when given', () => {
    expect(
      toServerFilter({ streamPrefixes: ['referral-', 'case-', 'case-'], eventTypes: ['ReferralRecorded'] }),
    ).toEqual({
      filterOn: 'streamName',
      prefixes: ['referral-', 'case-'],
      checkpointInterval: 1,
    });
  });

  it('falls back to event types as prefixes, else to "no system streams"', () => {
    expect(toServerFilter({ eventTypes: ['Alpha'] })).toEqual({
      filterOn: 'eventType',
      prefixes: ['Alpha'],
      checkpointInterval: 1,
    });
    expect(toServerFilter(undefined)).toEqual({ filterOn: 'streamName', regex: '^[^$]', checkpointInterval: 1 });
    expect(toServerFilter({ streamPrefixes: [], eventTypes: [] })).toEqual({
      filterOn: 'streamName',
      regex: '^[^$]',
      checkpointInterval: 1,
    });
  });

  it('has the shape the client’s own filter builders produce', () => {
    const ours = toServerFilter({ streamPrefixes: ['referral-'] });
    const theirs = streamNameFilter({ prefixes: ['referral-'] });
    expect(ours).toEqual({ ...theirs, checkpointReached: undefined, checkpointInterval: 1 });
    const types = eventTypeFilter({ prefixes: ['Alpha'] });
    expect(toServerFilter({ eventTypes: ['Alpha'] }).filterOn).toBe(types.filterOn);
  });

  it('matches exactly on the client: prefix and exact type, never system events', () => {
    const filter = { streamPrefixes: ['cat-'], eventTypes: ['Alpha'] };
    expect(matchesFilter('cat-1', 'Alpha', filter)).toBe(true);
    expect(matchesFilter('cat-1', 'AlphaBeta', filter)).toBe(false);
    expect(matchesFilter('dog-1', 'Alpha', filter)).toBe(false);
    expect(matchesFilter('cat-1', 'Alpha', undefined)).toBe(true);
    expect(matchesFilter('$lead-checkpoint-x', '$lead-checkpoint', undefined)).toBe(false);
    expect(matchesFilter('$$cat-1', '$metadata', { streamPrefixes: ['$$cat-'] })).toBe(false);
    expect(matchesFilter('cat-1', '$>', undefined)).toBe(false);
  });

  it('knows system events', () => {
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
    expect(isSystemEvent('referral-1', '$metadata')).toBe(true);
    expect(isSystemEvent('referral-1', 'ReferralRecorded')).toBe(false);
  });
});
