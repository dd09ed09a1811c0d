import { deriveEventId, isUuid, newEventId } from './event-id.js';

describe('event ids', () => {
  it('makes RFC 9562 version 7 ids that sort by creation', () => {
    const ids = Array.from({ length: 2000 }, () => newEventId());
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the creation time in the first 48 bits', () => {
    const at = Date.now() + 1000;
    const id = newEventId(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('derives the same version 5 id from the same source and purpose, and different ones otherwise', () => {
    const source = newEventId();
    const a = deriveEventId(source, 'case-opened');
    expect(a).toBe(deriveEventId(source, 'case-opened'));
    expect(a).not.toBe(deriveEventId(source, 'charge-held'));
    expect(a).not.toBe(deriveEventId(newEventId(), 'case-opened'));
    expect(a[14]).toBe('5');
    expect(isUuid(a)).toBe(true);
  });

  it('matches the RFC 9562 version 5 algorithm for a known namespace', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'src/purpose') — our name is `${source}/${purpose}`.
    expect(deriveEventId('src', 'purpose', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      'cb1a42d4-e1f1-520f-a791-f81956a86925',
    );
  });
});
