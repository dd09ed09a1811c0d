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
  const name = `${normalizeName(givenName)}|${normalizeName(familyName)}`;
  if (name === '|') throw new RangeError('a name is needed to match a participant');
  return createHmac('sha256', secret).update(`${jurisdiction}\n${name}\n${dateOfBirth}`, 'utf8').digest('hex');
}

/** The stream whose creation claims a match key: `no_stream` appends make the first claim win. */
export function matchKeyStream(matchKey: string): string {
  return `participantmatch-${matchKey}`;
}
