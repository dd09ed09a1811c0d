import {
  allCheckpointEvent,
  allCheckpointStream,
  parseAllCheckpoint,
  parseStreamCheckpoint,
  streamCheckpointEvent,
  streamCheckpointStream,
} from './checkpoints.js';
import { isSystemStream } from './filter-mapping.js';

describe('EventStoreDB checkpoints', () => {
  it('live in system streams, separate for $all and stream subscribers', () => {
    expect(allCheckpointStream('relay')).toBe('$lead-checkpoint-relay');
    expect(streamCheckpointStream('relay')).toBe('$lead-stream-checkpoint-relay');
    expect(isSystemStream(allCheckpointStream('relay'))).toBe(true);
    expect(() => allCheckpointStream('')).toThrow(TypeError);
  });

  it('round-trip positions and revisions through JSON', () => {
    const position = { commit: 123456789012345678n, prepare: 123456789012345670n };
    const event = allCheckpointEvent(position, 'id-1');
    expect(parseAllCheckpoint(JSON.parse(JSON.stringify(event.data)))).toEqual(position);
    expect(parseStreamCheckpoint(JSON.parse(JSON.stringify(streamCheckpointEvent('case-1', 7, 'id-2').data)))).toBe(7);
    expect(parseAllCheckpoint({})).toBeUndefined();
    expect(parseStreamCheckpoint({ revision: -1 })).toBeUndefined();
  });
});
