import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `Authorization` carries the scrape token. Compared as digests in constant time, so neither the token's
 * length nor its first differing character shows in how long a refusal takes.
 */
export function scrapeTokenMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization?.trim() ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}
