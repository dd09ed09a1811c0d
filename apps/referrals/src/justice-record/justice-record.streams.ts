import { deriveEventId } from '@lead/event-store';
import { createHmac } from 'node:crypto';

/** The streams of participants' justice records and of imports' comparison counts. */
export const JUSTICE_RECORD_STREAM_PREFIX = 'justicerecord-';
export const JUSTICE_COMPARISON_STREAM_PREFIX = 'justicecomparison-';

/** The namespace of the justice import's name-based ids (a fixed, random v4 UUID). */
const JUSTICE_NAMESPACE = '8d0f3a52-2c7e-4b8e-9a43-6f1d2e5c7b90';

export const justiceRecordStream = (participantId: string): string => `${JUSTICE_RECORD_STREAM_PREFIX}${participantId}`;
export const justiceComparisonStream = (comparisonId: string): string =>
  `${JUSTICE_COMPARISON_STREAM_PREFIX}${comparisonId}`;

/**
 * The key of a source record: an HMAC of the jurisdiction, the participant the row's match key names and the
 * source's record id, with the jurisdiction's matching secret. So the record id (a booking or arrest number: a
 * record identifier of the person) is never stored in clear, keys of different jurisdictions never relate, and once
 * the participant is erased (the match key's stream purged) nobody can compute the key, or the event id derived
 * from it, from the person's name, birth date and booking number: no handle on them is left.
 *
 * `claimant` is the participant the match key names, before merges are followed: the same for every import of the
 * row, so a record imported before a merge is still recognised after it.
 */
export function justiceRecordKey(
  jurisdictionSecret: Buffer,
  jurisdiction: string,
  claimant: string,
  recordId: string,
): string {
  return createHmac('sha256', jurisdictionSecret)
    .update(`lead-justice-record/v1\n${jurisdiction}\n${claimant}\n${recordId}`, 'utf8')
    .digest('hex');
}

/** The event id of a source record's event: the same record imported again, or after a crash, is the same event. */
export function justiceRecordEventId(recordKey: string): string {
  return deriveEventId(recordKey, 'justice-record', JUSTICE_NAMESPACE);
}

/**
 * The subject comparison counts are published under (the envelope's participant id must be a UUID): one per
 * jurisdiction, the same for all its imports, never a person's.
 */
export function comparisonCohortId(jurisdiction: string): string {
  return deriveEventId(`comparison-cohort/${jurisdiction}`, 'justice-comparison-cohort', JUSTICE_NAMESPACE);
}

/** One file's comparison counts: the same file (same jurisdiction, day covered and digest) is counted once. */
export function comparisonIdOf(jurisdiction: string, coveredThrough: string, fileDigest: string): string {
  return deriveEventId(`${jurisdiction}/${coveredThrough}/${fileDigest}`, 'justice-comparison', JUSTICE_NAMESPACE);
}

/** The event ids of a comparison's parts. */
export function comparisonEventId(comparisonId: string, part: number): string {
  return deriveEventId(comparisonId, `part/${part}`, JUSTICE_NAMESPACE);
}
