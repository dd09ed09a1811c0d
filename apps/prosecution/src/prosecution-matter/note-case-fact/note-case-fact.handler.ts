import { Inject, Injectable } from '@nestjs/common';
import type { HandlerContext } from '@lead/messaging';
import { CaseMatters } from '../follow-cases/case-matters.js';
import { MatterTimers } from '../matter-timers/matter-timers.js';
import { metadataOf, type Received } from '../follow-referrals/referral-fact.js';
import type { ProsecutionMatterCommand } from '../prosecution-matter.commands.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';

type CaseFact = Received<
  'lead.case.consent-recorded' | 'lead.case.consent-revoked' | 'lead.case.intake-completed' | 'lead.case.exited'
>;

/** The command a case message is for the matter: its terms as codes and dates, nothing said in case management. */
function commandOf(event: CaseFact): ProsecutionMatterCommand {
  const source = { jurisdiction: event.jurisdiction, participantId: event.participantId };
  switch (event.type) {
    case 'lead.case.consent-recorded': {
      const { consentId, recipients, scope, purpose, signedAt, expiry } = event.data;
      return { type: 'NoteConsent', source, consentId, recipients, scope, purpose, signedAt, expiry };
    }
    case 'lead.case.consent-revoked':
      return {
        type: 'NoteConsentRevoked',
        source,
        consentId: event.data.consentId,
        recipients: event.data.recipients,
        revokedAt: event.data.revokedAt,
      };
    case 'lead.case.intake-completed':
      // The instant case management recorded the intake is when it could first reach this office.
      return { type: 'NoteIntake', source, completedOn: event.data.completedOn, reportedAt: event.time };
    case 'lead.case.exited':
      return { type: 'NoteParticipationEnded', source, at: event.data.exitedAt };
  }
}

/**
 * A consent, its revocation, the intake or the exit of a case, noted on the case's matter (found through
 * `CaseMatters`). A case without a matter passes them over; a case never linked has had its `lead.case.opened`
 * fail, so this fails too and waits for that replay.
 */
@Injectable()
export class NoteCaseFactHandler {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(CaseMatters) private readonly caseMatters: CaseMatters,
    @Inject(MatterTimers) private readonly timers: MatterTimers,
  ) {}

  async handle(event: CaseFact, tx: HandlerContext['tx']): Promise<void> {
    const matterId = await this.caseMatters.matterOf(tx, event.data.caseId);
    if (matterId === null) return;
    if (matterId === undefined) {
      throw new Error(
        `Case ${event.data.caseId} is not linked to a matter: its lead.case.opened was not handled here (dead-lettered?). Replay that first, then this.`,
      );
    }
    const { state } = await this.matters.handle(matterStream(matterId), commandOf(event), {
      metadata: metadataOf(event),
      sourceEventId: event.id,
    });
    // A decline on the intake can make sealing due later.
    await this.timers.arm(state, tx);
  }
}
