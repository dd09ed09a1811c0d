import { isErased } from '@lead/crypto';
import { createHmac } from 'node:crypto';
import type { DeidentifiedParticipant, ParticipantRecord, ParticipationStatus } from './participant-record.js';

/**
 * A stable pseudonym for an evaluator export: HMAC-SHA-256 of the participant id under a secret key,
 * so the same participant links across exports while nobody without the key can go back to the id.
 */
export function pseudonymFor(participantId: string, key: Buffer): string {
  return createHmac('sha256', key).update(`lead-participant-pseudonym/v1:${participantId}`).digest('base64url');
}

function yearOf(isoDate: unknown): number | null {
  if (typeof isoDate !== 'string') return null;
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(isoDate);
  return match ? Number(match[1]) : null;
}

/** Whole years between a birth date and `now` (UTC), or null when the birth date is not known. */
function ageOn(dateOfBirth: unknown, now: Date): number | null {
  if (typeof dateOfBirth !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const hadBirthday = now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  return now.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
}

/** HIPAA safe harbor projection of a participant (see `DeidentifiedParticipant`). */
export function deidentify(record: ParticipantRecord, key: Buffer, now: Date): DeidentifiedParticipant {
  const dateOfBirth = isErased(record.identity.dateOfBirth) ? undefined : record.identity.dateOfBirth;
  const age = ageOn(dateOfBirth, now);
  const ninetyOrOlder = age !== null && age >= 90;
  const status: ParticipationStatus = {
    enrolled: record.status.enrolled,
    engaged: record.status.engaged,
    intakeCompletedByDeadline: record.status.intakeCompletedByDeadline,
    exited: record.status.exited,
  };
  return {
    pseudonym: pseudonymFor(record.participantId, key),
    yearOfBirth: ninetyOrOlder ? null : yearOf(dateOfBirth),
    ninetyOrOlder,
    race: record.demographics?.race ?? null,
    ethnicity: record.demographics?.ethnicity ?? null,
    gender: record.demographics?.gender ?? null,
    jurisdiction: record.jurisdiction,
    district: record.district ?? null,
    status,
    referredYear: yearOf(record.milestones?.referredOn),
    enrolledYear: yearOf(record.milestones?.enrolledOn),
    exitedYear: yearOf(record.milestones?.exitedOn),
  };
}
