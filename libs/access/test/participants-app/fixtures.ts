import { randomBytes } from 'node:crypto';
import { recordConsent } from '../../src/disclosure/consent.js';
import type { ParticipantRecord } from '../../src/disclosure/participant-record.js';
import type { ParticipantsApp } from './participants-app.js';

export interface SeededParticipant {
  participantId: string;
  /** The personal values of this participant, to look for in answers. */
  personalValues: string[];
}

/**
 * Records a participant straight into the store (not through the API, so no access is audited),
 * registered by `agency`, with a consent to disclose participation status to `consentTo` when given.
 */
export async function seedParticipant(
  app: ParticipantsApp,
  jurisdiction: string,
  options: { agency?: string; consentTo?: string[]; status?: ParticipantRecord['status'] } = {},
): Promise<SeededParticipant> {
  const tag = randomBytes(4).toString('hex');
  const identity = {
    name: `Dana Whitfield-${tag}`,
    dateOfBirth: `19${50 + (parseInt(tag.slice(0, 2), 16) % 50)}-${String(1 + (parseInt(tag.slice(2, 4), 16) % 12)).padStart(2, '0')}-${String(1 + (parseInt(tag.slice(4, 6), 16) % 28)).padStart(2, '0')}`,
    address: { line1: `77 Federal Blvd Unit ${tag}`, city: 'Denver', postalCode: '80219' },
    phone: `303-555-${tag.slice(0, 4)}`,
  };
  const metadata = {
    correlationId: `seed-${tag}`,
    actor: { subject: 'seed', agency: options.agency ?? 'DPD', role: 'officer' },
    jurisdiction,
  };
  const participantId = await app.records.register(
    {
      jurisdiction,
      agency: options.agency ?? 'DPD',
      identity,
      demographics: { race: 'black', ethnicity: 'not-hispanic', gender: 'male' },
      district: 'D1',
      status: options.status ?? { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false },
      milestones: { referredOn: '2025-02-01', enrolledOn: '2025-02-05' },
      clinical: { substanceUse: `methamphetamine-${tag}` },
      notes: [`Slept at the shelter on Lawrence St ${tag}`],
    },
    metadata,
  );
  if (options.consentTo) {
    const consent = recordConsent({
      consentId: `consent-${tag}`,
      participantId,
      recipients: options.consentTo,
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: new Date(Date.now() - 86_400_000).toISOString(),
      expiry: { kind: 'date', expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString() },
    });
    await app.records.append(participantId, { type: 'ConsentRecorded', consent }, metadata);
  }
  return {
    participantId,
    personalValues: [
      identity.name,
      identity.dateOfBirth,
      identity.address.line1,
      identity.phone,
      `methamphetamine-${tag}`,
      `Lawrence St ${tag}`,
    ],
  };
}
