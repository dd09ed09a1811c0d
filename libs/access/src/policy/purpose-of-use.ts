/**
 * Why a participant's record is being read, sent by the caller in `X-Purpose-Of-Use` on every audited
 * route and kept in the access audit (42 CFR Part 2 and HIPAA tie a disclosure to its purpose).
 */
export const PURPOSE_OF_USE_HEADER = 'x-purpose-of-use';

export const PURPOSES_OF_USE = [
  'case-management',
  'care-coordination',
  'prosecution-coordination',
  'program-operations',
  'evaluation',
  'audit',
] as const;

export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

export function isPurposeOfUse(value: unknown): value is PurposeOfUse {
  return typeof value === 'string' && (PURPOSES_OF_USE as readonly string[]).includes(value);
}
