import { createHmac } from 'node:crypto';

/**
 * A name as people write it differently for the same person: case, accents, punctuation, hyphens
 * and spacing are dropped ("José  O'Brien-Smith" and "jose obrien smith" match); word order is kept.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether matching can tell a person by this name: a letter is left once the name is normalised. A name can hold a
 * letter and still be left with none: some compatibility letters decompose to combining marks alone, or to a space
 * and marks (U+037A GREEK YPOGEGRAMMENI, the Arabic isolated harakat U+FE70…U+FE7E, U+FF9E HALFWIDTH KATAKANA VOICED
 * SOUND MARK), and normalising drops marks, punctuation and spaces. Such a name would match every other one like it.
 */
export function isMatchableName(name: string): boolean {
  return /\p{L}/u.test(normalizeName(name));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The key under which a jurisdiction finds an earlier referral of the same person: an HMAC of the
 * normalised name and birth date with the jurisdiction's secret matching key, so neither is stored
 * or sent in clear and the key cannot be recomputed without that secret. Different jurisdictions
 * never match each other's participants.
 */
export function participantMatchKey(
  secret: Buffer,
  jurisdiction: string,
  givenName: string,
  familyName: string,
  dateOfBirth: string,
): string {
  if (!ISO_DATE.test(dateOfBirth) || Number.isNaN(Date.parse(`${dateOfBirth}T00:00:00Z`)))
    throw new RangeError('dateOfBirth must be YYYY-MM-DD');
  // The request was refused (400) before it came here; this is the last guard, not the answer to a client.
  if (!isMatchableName(givenName) || !isMatchableName(familyName))
    throw new RangeError('a given and a family name with a letter matching keeps are needed to match a participant');
  const name = `${normalizeName(givenName)}|${normalizeName(familyName)}`;
  return createHmac('sha256', secret).update(`${jurisdiction}\n${name}\n${dateOfBirth}`, 'utf8').digest('hex');
}

/** The prefix of every match key's stream: the only streams an erasure removes (their name is the blind index). */
export const MATCH_KEY_STREAM_PREFIX = 'participantmatch-';

/** The stream whose creation claims a match key: `no_stream` appends make the first claim win. */
export function matchKeyStream(matchKey: string): string {
  return `${MATCH_KEY_STREAM_PREFIX}${matchKey}`;
}
