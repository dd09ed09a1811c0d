import { Inject, Injectable } from '@nestjs/common';
import type { LatestIntegrationEvent } from '@lead/contracts';
import { JurisdictionRegistry, systemActor } from '@lead/jurisdictions';
import type { HandlerContext } from '@lead/messaging';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { dateOf, dayNumber } from '../../assessment/instrument/calendar-day.js';
import { ParticipantCases } from '../../participation/participant-cases.js';
import { CaseProgramRegistry } from '../../program/case-program-registry.js';
import { ServiceTimers } from '@lead/scheduling/service';
import { caseIdFor, caseStream, CaseRepository } from '../case.repository.js';
import { ReferralFactsTable } from '../follow-referrals/referral-facts.js';
import { armEngagementTimers } from '../review-engagement/engagement-timers.js';

type Accepted = Extract<LatestIntegrationEvent, { type: 'lead.referral.accepted' }>;

const ACTOR = systemActor('case-management');

/**
 * `lead.referral.accepted`: the person joined LEAD, so case management opens their case, once, on the terms of
 * the jurisdiction's program and of the protocol version the referral was made under: the provider (the arriving
 * case manager's agency, else the program's default), the intake deadline from the referral's day, the engagement
 * day counts and the assessment instrument. A jurisdiction without a program, or a referral whose facts never
 * arrived, is an error that dead-letters (configure it, or replay the referral, then replay this): a case opened
 * on guessed terms would be worse. The participant's case list and the engagement timers are written in the consumer's
 * transaction.
 */
@Injectable()
export class OpenCaseHandler {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseProgramRegistry) private readonly programs: CaseProgramRegistry,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ReferralFactsTable) private readonly facts: ReferralFactsTable,
    @Inject(ServiceTimers) private readonly timers: ServiceTimers,
    @Inject(ParticipantCases) private readonly participantCases: ParticipantCases,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: Accepted, tx: HandlerContext['tx']): Promise<void> {
    const { referralId, acceptedAt } = event.data;
    const program = this.programs.of(event.jurisdiction);
    if (!program)
      throw new Error(`Referral ${referralId}: ${event.jurisdiction} has no case-management program configured`);
    const facts = await this.facts.of(tx, referralId);
    if (!facts?.referredAt || !facts.door || !facts.protocolVersion) {
      throw new Error(
        `Referral ${referralId} was accepted, but its lead.referral.recorded was not handled (dead-lettered?): replay that first, then this`,
      );
    }
    const protocol = this.jurisdictions.version(event.jurisdiction, facts.protocolVersion);
    if (!protocol) {
      throw new Error(
        `Referral ${referralId}: protocol version ${facts.protocolVersion} of ${event.jurisdiction} is not in this service's configuration`,
      );
    }
    const caseId = caseIdFor(referralId);
    const result = await this.cases.handle(
      caseStream(caseId),
      {
        type: 'OpenCase',
        caseId,
        referralId,
        participantId: event.participantId,
        jurisdiction: event.jurisdiction,
        door: facts.door,
        ...this.programs.providerFor(program, facts.handOffAgency ?? undefined),
        referredAt: facts.referredAt,
        openedAt: acceptedAt,
        intakeDueOn: dateOf(
          dayNumber(new Date(facts.referredAt).toISOString().slice(0, 10)) + protocol.intakeDeadlineDays,
        ),
        lowAfterDays: program.engagement.lowAfterDays,
        inactiveAfterDays: program.engagement.inactiveAfterDays,
        instrument: program.instrument,
      },
      {
        sourceEventId: event.id,
        metadata: {
          correlationId: event.correlationId,
          causationId: event.id,
          actor: ACTOR,
          jurisdiction: event.jurisdiction,
          participantId: event.participantId,
        },
      },
    );
    await this.participantCases.note(tx, result.state.opened!);
    await armEngagementTimers(this.timers.schedule, result.state, tx);
    if (result.events.length > 0)
      this.logger.info({ caseId, referralId, provider: result.state.opened?.providerAgency }, 'case opened');
  }
}
