import { validateSync } from 'class-validator';
import { isMatchableName, normalizeName, participantMatchKey } from '../../participant/participant-match-key.js';
import { PersonRequest } from './record-referral.request.js';

const secret = Buffer.alloc(32, 7);

/** Every Unicode scalar value (surrogates are not characters), as a one-character string. */
function* everyCharacter(): Generator<string> {
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
}

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The letters `\p{L}` admits and normalising leaves nothing of: before the check, each of these names was a 500. */
const DROPPED_LETTERS = [
  // Compatibility letters whose NFKD is a space and combining marks: the ypogegrammeni, Arabic ligatures of a
  // shadda with a haraka (initial forms), and the Arabic harakat's isolated forms.
  ...['037A', 'FC5E', 'FC5F', 'FC60', 'FC61', 'FC62', 'FC63'],
  ...['FE70', 'FE72', 'FE74', 'FE76', 'FE78', 'FE7A', 'FE7C', 'FE7E'],
  // Halfwidth letters whose NFKD is a combining mark alone: the katakana (semi-)voiced sound marks.
  ...['FF9E', 'FF9F'],
].map((h) => `U+${h}`);

function nameProblems(givenName: string, familyName: string): Record<string, string[]> {
  const person = Object.assign(new PersonRequest(), { givenName, familyName, dateOfBirth: '1990-01-01' });
  return Object.fromEntries(
    validateSync(person).map((error) => [error.property, Object.keys(error.constraints ?? {}).sort()]),
  );
}

function matches(givenName: string, familyName: string): boolean {
  try {
    participantMatchKey(secret, 'denver', givenName, familyName, '1990-01-01');
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

describe('a name participant matching can use', () => {
  it('over all of Unicode, the letters normalising drops are the two classes that decompose to marks (17 in all)', () => {
    const dropped = [...everyCharacter()].filter((c) => /\p{L}/u.test(c) && normalizeName(c) === '');
    expect(dropped.map(hex)).toEqual(DROPPED_LETTERS);
    // Both classes: what NFKD leaves is combining marks, after a space or not, and nothing the normaliser keeps.
    for (const c of dropped)
      expect({ c: hex(c), nfkd: /^ ?\p{M}+$/u.test(c.normalize('NFKD')) }).toEqual({ c: hex(c), nfkd: true });
    expect(dropped.some((c) => /\p{L}/u.test(normalizeName(c)))).toBe(false);
  });

  it('over every character, a name the request admits is one matching can use, and a dropped letter is refused naming the field', () => {
    const admittedButUnmatchable: string[] = [];
    const refusedAsUnmatchable: string[] = [];
    for (const c of everyCharacter()) {
      // A character without a letter fails the request's `\p{L}` check before matching is asked. The letters, about
      // 140,000, go through the request's own validator: seconds, hence the timeout.
      if (!/\p{L}/u.test(c)) continue;
      const problems = nameProblems(c, c);
      const admitted = problems.givenName === undefined && problems.familyName === undefined;
      if (admitted && !matches(c, c)) admittedButUnmatchable.push(hex(c));
      if (!admitted) {
        expect({ c: hex(c), problems }).toEqual({
          c: hex(c),
          problems: { givenName: ['isMatchableName'], familyName: ['isMatchableName'] },
        });
        refusedAsUnmatchable.push(hex(c));
      }
    }
    expect(admittedButUnmatchable).toEqual([]);
    expect(refusedAsUnmatchable).toEqual(DROPPED_LETTERS);
  }, 120_000);

  it('refuses names made only of dropped letters, marks, punctuation and spaces, one field at a time', () => {
    for (const name of ['\u037a\u037a', '\ufe70 \uff9e', "\u037a-'\uff9f", ' \ufe7e ', '\u037a\u0301']) {
      expect(isMatchableName(name)).toBe(false);
      expect(nameProblems(name, 'Ruiz')).toEqual({ givenName: ['isMatchableName'] });
      expect(nameProblems('Ana', name)).toEqual({ familyName: ['isMatchableName'] });
      expect(matches(name, 'Ruiz')).toBe(false);
    }
    // A dropped letter beside a letter matching keeps names someone: the kept letter is what is matched.
    expect(nameProblems('Ana\u037a', '\uff9eRuiz')).toEqual({});
    expect(participantMatchKey(secret, 'denver', 'Ana\u037a', '\uff9eRuiz', '1990-01-01')).toBe(
      participantMatchKey(secret, 'denver', 'Ana', 'Ruiz', '1990-01-01'),
    );
  });
});
