import type { SealedValue } from '@lead/crypto/sealed-value';

/** What a justice-system row reports (docs/justice-import.md). */
export const JUSTICE_RECORD_KINDS = ['arrest', 'charge', 'booking', 'jail_release', 'prison_admission'] as const;
export type JusticeRecordKind = (typeof JUSTICE_RECORD_KINDS)[number];

/** The domain events of a participant's justice record (stream `justicerecord-<participantId>`), version 1. */
export type JusticeRecordEvent = JusticeEventRecorded;

/**
 * One event of the justice system about a LEAD participant, from a county's import. `recordKey` names the source
 * record without showing it (an HMAC of the jurisdiction and the source's record id with the jurisdiction's
 * matching secret); the row's identity as the justice system wrote it (name, birth date, source person id, the
 * source record id, race and ethnicity) is sealed with the participant's data key, so erasing the participant
 * erases it too.
 */
export interface JusticeEventRecorded {
  type: 'JusticeEventRecorded';
  participantId: string;
  jurisdiction: string;
  recordKey: string;
  kind: JusticeRecordKind;
  occurredOn: string;
  district: string;
  offenseCode: string | null;
  felony: boolean | null;
  jailDays: number | null;
  /** The import that brought it (the id the route answered), and the day that import's extract is complete through. */
  importId: string;
  coveredThrough: string;
  identity: SealedValue;
  recordedAt: string;
}
