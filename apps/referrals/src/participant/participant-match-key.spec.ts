import { matchKeyStream, normalizeName, participantMatchKey } from './participant-match-key.js';

const secret = Buffer.alloc(32, 7);

describe('participant matching', () => {
  it.each([
    ['José  O’Brien-Smith', 'jose obrien smith'],
    ['  ANNA-LENA   Müller ', 'anna lena muller'],
    ["D'Angelo", 'dangelo'],
    ['Nguyễn Văn An', 'nguyen van an'],
  ])('normalises %j to %j', (raw, normalized) => {
    expect(normalizeName(raw)).toBe(normalized);
  });

  it('matches the same person written differently within a jurisdiction', () => {
    const a = participantMatchKey(secret, 'denver', 'José', "O'Brien", '1988-04-02');
    expect(participantMatchKey(secret, 'denver', 'jose', 'OBRIEN', '1988-04-02')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(matchKeyStream(a)).toBe(`participantmatch-${a}`);
  });

  it('does not match across jurisdictions, birth dates, name order or secrets', () => {
    const a = participantMatchKey(secret, 'denver', 'Ana', 'Ruiz', '1990-01-01');
    expect(participantMatchKey(secret, 'san-luis-valley', 'Ana', 'Ruiz', '1990-01-01')).not.toBe(a);
    expect(participantMatchKey(secret, 'denver', 'Ana', 'Ruiz', '1990-01-02')).not.toBe(a);
    expect(participantMatchKey(secret, 'denver', 'Ruiz', 'Ana', '1990-01-01')).not.toBe(a);
    expect(participantMatchKey(Buffer.alloc(32, 8), 'denver', 'Ana', 'Ruiz', '1990-01-01')).not.toBe(a);
  });

  it('refuses what cannot identify anyone', () => {
    expect(() => participantMatchKey(secret, 'denver', '', '--', '1990-01-01')).toThrow(RangeError);
    expect(() => participantMatchKey(secret, 'denver', 'Ana', 'Ruiz', '1990-02-30x')).toThrow(RangeError);
    expect(() => participantMatchKey(secret, 'denver', 'Ana', 'Ruiz', '01/02/1990')).toThrow(RangeError);
  });
});
