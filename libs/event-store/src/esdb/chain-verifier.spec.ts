import { newEventId } from '../event-id.js';
import { ChainVerifier, chainLinkOf } from './chain-verifier.js';
import { normaliseEvent, prepareEvents, type EsdbRecordedEventLike, type PreparedEvent } from './envelope-mapping.js';

const metadata = { correlationId: 'c-1', actor: { subject: 's', agency: 'a', role: 'officer' } };

function write(
  streamId: string,
  n: number,
  firstRevision = 0,
  previousHash = '',
  restart = false,
): EsdbRecordedEventLike[] {
  const events = Array.from({ length: n }, (_, i) =>
    normaliseEvent({ eventId: newEventId(), type: 'Step', schemaVersion: 1, data: { i }, metadata }),
  );
  return prepareEvents(streamId, events, {
    firstRevision,
    previousHash,
    recordedAt: '2026-11-23T10:00:00.000Z',
    restart,
  }).map((p) => stored(streamId, p));
}

function stored(streamId: string, p: PreparedEvent): EsdbRecordedEventLike {
  return {
    streamId,
    id: p.esdb.id,
    revision: BigInt(p.revision),
    type: p.esdb.type,
    created: new Date(),
    isJson: true,
    data: JSON.parse(JSON.stringify(p.esdb.data)),
    metadata: JSON.parse(JSON.stringify(p.esdb.metadata)),
  };
}

function verify(events: EsdbRecordedEventLike[]) {
  const verifier = new ChainVerifier();
  for (const e of events) {
    const broken = verifier.add(chainLinkOf(e));
    if (broken) return broken;
  }
  return verifier.result();
}

describe('EventStoreDB hash chain verification', () => {
  it('accepts intact chains of interleaved streams and counts them', () => {
    const a = write('a-1', 3);
    const b = write('b-1', 2);
    expect(verify([a[0], b[0], a[1], b[1], a[2]])).toEqual({ ok: true, eventsChecked: 5, streamsChecked: 2 });
  });

  it('finds edited data at exactly that event', () => {
    const a = write('a-1', 4);
    a[2] = { ...a[2], data: { i: 99 } };
    expect(verify(a)).toEqual({
      ok: false,
      eventsChecked: 2,
      streamId: 'a-1',
      revision: 2,
      reason: 'content does not match its hash',
    });
  });

  it('finds edited metadata (who did it)', () => {
    const a = write('a-1', 3);
    const meta = a[1].metadata as Record<string, unknown>;
    a[1] = { ...a[1], metadata: { ...meta, actor: { subject: 'someone-else', agency: 'a', role: 'officer' } } };
    expect(verify(a)).toMatchObject({ ok: false, revision: 1, reason: 'content does not match its hash' });
  });

  it('finds a re-hashed event by its successor’s link', () => {
    const a = write('a-1', 4);
    const meta = a[1].metadata as { $lead: Record<string, unknown> };
    a[1] = { ...a[1], metadata: { ...meta, $lead: { ...meta.$lead, hash: '0'.repeat(64) } } };
    expect(verify(a)).toMatchObject({ ok: false, revision: 1 });
  });

  it('finds a missing revision', () => {
    const a = write('a-1', 4);
    expect(verify([a[0], a[1], a[3]])).toMatchObject({ ok: false, revision: 2, reason: 'revision 2 is missing' });
  });

  it('requires revision 0 to start from the empty hash', () => {
    const forged = write('a-1', 2, 0, 'f'.repeat(64));
    expect(verify(forged)).toMatchObject({
      ok: false,
      revision: 0,
      reason: 'link to the previous event does not match',
    });
  });

  it('anchors on the first visible event of a truncated or soft-deleted stream', () => {
    const before = write('a-1', 2);
    const lastHash = (before[1].metadata as { $lead: { hash: string } }).$lead.hash;
    const after = write('a-1', 2, 2, lastHash);
    expect(verify(after)).toEqual({ ok: true, eventsChecked: 2, streamsChecked: 1 });
    expect(verify([...before, ...after])).toEqual({ ok: true, eventsChecked: 4, streamsChecked: 1 });
  });

  it('accepts a flagged restart, but not an unflagged link to nothing', () => {
    const before = write('a-1', 2);
    expect(verify([...before, ...write('a-1', 1, 2, '', true)])).toMatchObject({ ok: true, eventsChecked: 3 });
    expect(verify([...before, ...write('a-1', 1, 2, '')])).toMatchObject({
      ok: false,
      revision: 2,
      reason: 'link to the previous event does not match',
    });
  });

  it('reports an event without a chain in a stream', () => {
    const a = write('a-1', 2);
    a[1] = { ...a[1], metadata: { correlationId: 'c' } };
    expect(verify(a)).toMatchObject({ ok: false, revision: 1, reason: 'event carries no hash chain' });
  });
});
