import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent, type LatestIntegrationEvent } from '@lead/contracts';
import { systemActor } from '@lead/jurisdictions';
import type { ConsumerDefinition } from '@lead/messaging';
import type { ParticipantCoordinationCommand } from '../participant-coordination.commands.js';
import { coordinationStream, ParticipantCoordinationRepository } from '../participant-coordination.repository.js';

const FOLLOWED = [
  'lead.case.opened',
  'lead.case.consent-recorded',
  'lead.case.consent-revoked',
  'lead.case.intake-completed',
  'lead.case.engagement-changed',
  'lead.case.exited',
  'lead.case.reenrolled',
] as const;

type Followed = Extract<LatestIntegrationEvent, { type: (typeof FOLLOWED)[number] }>;

/** The note a case message is for the participant's coordination: codes and dates, nothing said in case management. */
function commandOf(event: Followed): ParticipantCoordinationCommand {
  const jurisdiction = event.jurisdiction;
  switch (event.type) {
    case 'lead.case.opened':
      return {
        type: 'NoteCase',
        caseId: event.data.caseId,
        participantId: event.participantId,
        jurisdiction,
        providerAgency: event.data.providerAgency,
        openedAt: event.data.openedAt,
      };
    case 'lead.case.consent-recorded': {
      const { caseId, consentId, recipients, scope, purpose, signedAt, expiry } = event.data;
      return { type: 'NoteConsent', jurisdiction, caseId, consentId, recipients, scope, purpose, signedAt, expiry };
    }
    case 'lead.case.consent-revoked':
      return {
        type: 'NoteConsentRevoked',
        jurisdiction,
        consentId: event.data.consentId,
        recipients: event.data.recipients,
        revokedAt: event.data.revokedAt,
      };
    case 'lead.case.intake-completed':
      return {
        type: 'NoteIntake',
        jurisdiction,
        caseId: event.data.caseId,
        completedOn: event.data.completedOn,
        deadlineMet: event.data.deadline?.met ?? null,
      };
    case 'lead.case.engagement-changed':
      return {
        type: 'NoteEngagement',
        jurisdiction,
        caseId: event.data.caseId,
        level: event.data.level,
        changedOn: event.data.changedOn,
      };
    case 'lead.case.exited':
      return {
        type: 'NoteExit',
        jurisdiction,
        caseId: event.data.caseId,
        reason: event.data.reason,
        exitedAt: event.data.exitedAt,
      };
    case 'lead.case.reenrolled':
      return {
        type: 'NoteReenrolment',
        jurisdiction,
        caseId: event.data.caseId,
        reenrolledAt: event.data.reenrolledAt,
      };
  }
}

/**
 * Follows case management's cases for every participant (`lead.cases.v1`, consumer group
 * `lead.prosecution.coordination`), whatever door they came through: a participant referred by social contact has
 * a case but no prosecution matter, so the consents are held per participant here, not on the matters. Appends
 * derive their ids from the message, so a redelivery appends nothing.
 */
@Injectable()
export class FollowParticipantCasesConsumer implements ConsumerDefinition {
  readonly group = 'lead.prosecution.coordination';
  readonly topics = [TOPICS.cases];
  readonly eventTypes = [...FOLLOWED];

  constructor(
    @Inject(ParticipantCoordinationRepository) private readonly coordinations: ParticipantCoordinationRepository,
  ) {}

  async handle(received: IntegrationEvent): Promise<void> {
    // Validated by the bus already; this upcasts to the version this code is written against.
    const event = readIntegrationEvent(received);
    if (!(FOLLOWED as readonly string[]).includes(event.type)) return;
    await this.coordinations.handle(coordinationStream(event.participantId), commandOf(event as Followed), {
      sourceEventId: event.id,
      metadata: {
        correlationId: event.correlationId,
        causationId: event.id,
        actor: systemActor('prosecution'),
        jurisdiction: event.jurisdiction,
        participantId: event.participantId,
      },
    });
  }
}
