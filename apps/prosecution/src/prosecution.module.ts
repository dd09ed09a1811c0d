import { Module } from '@nestjs/common';
import { AccessAuditController, AccessModule, AddressThrottleController } from '@lead/access';
import { assertValidIntegrationEvent } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { MessagingModule, publishableAppendCheck } from '@lead/messaging';
import { EVENT_STORE, PlatformModule, type ServiceDefinition } from '@lead/platform';
import type { TimerHandler } from '@lead/scheduling';
import { serviceTimerProviders, TIMER_HANDLERS, TIMER_RETENTION_DAYS } from '@lead/scheduling/service';
import { DecideChargeController } from './prosecution-matter/decide-charge/decide-charge.controller.js';
import { DecideChargeHandler } from './prosecution-matter/decide-charge/decide-charge.handler.js';
import { MatterTimerHandler } from './prosecution-matter/matter-timers/matter-timer.handler.js';
import { CaseMatters } from './prosecution-matter/follow-cases/case-matters.js';
import { FollowCasesConsumer } from './prosecution-matter/follow-cases/follow-cases.consumer.js';
import { INTAKE_DEADLINE, MatterTimers, SEALING_REVIEW } from './prosecution-matter/matter-timers/matter-timers.js';
import { ConfirmSealingController } from './prosecution-matter/confirm-sealing/confirm-sealing.controller.js';
import { ConfirmSealingHandler } from './prosecution-matter/confirm-sealing/confirm-sealing.handler.js';
import { LinkCaseHandler } from './prosecution-matter/link-case/link-case.handler.js';
import { NoteCaseFactHandler } from './prosecution-matter/note-case-fact/note-case-fact.handler.js';
import { DecideEligibilityController } from './prosecution-matter/decide-eligibility/decide-eligibility.controller.js';
import { DecideEligibilityHandler } from './prosecution-matter/decide-eligibility/decide-eligibility.handler.js';
import { ReferralsWithoutMatter } from './prosecution-matter/follow-referrals/referrals-without-matter.js';
import { FollowReferralsConsumer } from './prosecution-matter/follow-referrals/follow-referrals.consumer.js';
import { GetMatterController } from './prosecution-matter/get-matter/get-matter.controller.js';
import { GetMatterHandler } from './prosecution-matter/get-matter/get-matter.handler.js';
import { ListOverdueCustodiansController } from './prosecution-matter/overdue-custodians/list-overdue-custodians.controller.js';
import { ListOverdueCustodiansHandler } from './prosecution-matter/overdue-custodians/list-overdue-custodians.handler.js';
import { SealingCustodiansProjector } from './prosecution-matter/overdue-custodians/sealing-custodians.projector.js';
import { SealingCustodiansWorker } from './prosecution-matter/overdue-custodians/sealing-custodians.worker.js';
import { NoteOfficerScreeningHandler } from './prosecution-matter/note-officer-screening/note-officer-screening.handler.js';
import { NoteReferralEndedHandler } from './prosecution-matter/note-referral-ended/note-referral-ended.handler.js';
import { OpenMatterHandler } from './prosecution-matter/open-matter/open-matter.handler.js';
import { prosecutionMatterDecider } from './prosecution-matter/prosecution-matter.decider.js';
import { ProsecutionMatterRepository } from './prosecution-matter/prosecution-matter.repository.js';
import { jurisdictionsConfigDir, ProsecutionConfig } from './prosecution.config.js';
import { prosecutionPolicy } from './prosecution.policy.js';
import { prosecutionServicePublication } from './prosecution.publication.js';
import { DecideLegalMatterController } from './participant-coordination/decide-legal-matter/decide-legal-matter.controller.js';
import { DecideLegalMatterHandler } from './participant-coordination/decide-legal-matter/decide-legal-matter.handler.js';
import { DecideTerminationController } from './participant-coordination/decide-termination/decide-termination.controller.js';
import { DecideTerminationHandler } from './participant-coordination/decide-termination/decide-termination.handler.js';
import { FollowParticipantCasesConsumer } from './participant-coordination/follow-cases/follow-participant-cases.consumer.js';
import { GetCoordinationController } from './participant-coordination/get-coordination/get-coordination.controller.js';
import { participantCoordinationDecider } from './participant-coordination/participant-coordination.decider.js';
import { ParticipantCoordinationRepository } from './participant-coordination/participant-coordination.repository.js';
import { ReadParticipationStatusController } from './participant-coordination/read-participation-status/read-participation-status.controller.js';
import { RecordLegalMatterController } from './participant-coordination/record-legal-matter/record-legal-matter.controller.js';
import { RecordLegalMatterHandler } from './participant-coordination/record-legal-matter/record-legal-matter.handler.js';
import { COORDINATION_DEFERRAL, DeferralTimers } from './participant-coordination/review-deferral/deferral-timers.js';
import { ReviewDeferralHandler } from './participant-coordination/review-deferral/review-deferral.handler.js';
import { prosecutionOpenApiResponses } from './prosecution.openapi-responses.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const prosecutionService: ServiceDefinition<ProsecutionConfig> = {
  serviceName: 'prosecution',
  schema: 'prosecution',
  config: ProsecutionConfig,
  // Success bodies for the OpenAPI document, generated from the controllers' return types (npm run docs:openapi).
  openApi: { responses: prosecutionOpenApiResponses },
  // Nothing is stored that the relay could not publish.
  appendCheck: publishableAppendCheck(prosecutionServicePublication, assertValidIntegrationEvent),
};

/**
 * The prosecution service: one matter per diverted arrest, opened from the referrals service's events, holding the
 * charge until the intake deadline, with the prosecutor's eligibility decision (published for the referrals
 * service). Case management's consents and intake decide the charge: declined (or left to the prosecutor) on an
 * intake disclosed in time, released by a durable timer when the deadline runs out first.
 */
@Module({
  imports: [
    PlatformModule.forRoot(prosecutionService),
    AccessModule.forRoot({ policy: prosecutionPolicy }),
    // Publishes the charge's course and the decision; follows the referrals of arrests and their cases.
    MessagingModule.forRoot({
      publishes: prosecutionServicePublication,
      consumers: [FollowReferralsConsumer, FollowCasesConsumer, FollowParticipantCasesConsumer],
      validate: assertValidIntegrationEvent,
    }),
  ],
  controllers: [
    // The access audit, for auditors: who read which participant's record, for what purpose, when; refusals.
    AccessAuditController,
    // The client-address throttle, for program admins: which addresses are throttled, and lifting one (audited).
    AddressThrottleController,
    GetMatterController,
    DecideEligibilityController,
    DecideChargeController,
    ConfirmSealingController,
    ListOverdueCustodiansController,
    RecordLegalMatterController,
    DecideLegalMatterController,
    DecideTerminationController,
    GetCoordinationController,
    ReadParticipationStatusController,
  ],
  providers: [
    {
      // The same protocol versions as the referrals service, which records their adoption; read here, never recorded.
      provide: JurisdictionRegistry,
      inject: [ProsecutionConfig],
      useFactory: (config: ProsecutionConfig) => JurisdictionRegistry.load(jurisdictionsConfigDir(config)),
    },
    {
      provide: ProsecutionMatterRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new ProsecutionMatterRepository(store, prosecutionMatterDecider),
    },
    {
      provide: ParticipantCoordinationRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new ParticipantCoordinationRepository(store, participantCoordinationDecider),
    },
    ...serviceTimerProviders,
    {
      provide: TIMER_RETENTION_DAYS,
      inject: [ProsecutionConfig],
      useFactory: (config: ProsecutionConfig) => config.TIMER_RETENTION_DAYS,
    },
    {
      provide: TIMER_HANDLERS,
      inject: [MatterTimerHandler, ReviewDeferralHandler],
      useFactory: (matters: MatterTimerHandler, review: ReviewDeferralHandler): Record<string, TimerHandler> => ({
        [INTAKE_DEADLINE]: (timer) => matters.fire(timer, 'ExpireIntakeDeadline'),
        [SEALING_REVIEW]: (timer) => matters.fire(timer, 'ReviewSealing'),
        [COORDINATION_DEFERRAL]: (timer) => review.fire(timer),
      }),
    },
    MatterTimers,
    MatterTimerHandler,
    ReferralsWithoutMatter,
    CaseMatters,
    OpenMatterHandler,
    NoteOfficerScreeningHandler,
    NoteReferralEndedHandler,
    FollowReferralsConsumer,
    LinkCaseHandler,
    NoteCaseFactHandler,
    FollowCasesConsumer,
    GetMatterHandler,
    DecideEligibilityHandler,
    DecideChargeHandler,
    ConfirmSealingHandler,
    // The sealing read model (per custodian of a sealable arrest) and the list of overdue custodians it answers.
    SealingCustodiansProjector,
    SealingCustodiansWorker,
    ListOverdueCustodiansHandler,
    DeferralTimers,
    ReviewDeferralHandler,
    FollowParticipantCasesConsumer,
    RecordLegalMatterHandler,
    DecideLegalMatterHandler,
    DecideTerminationHandler,
  ],
})
export class ProsecutionModule {}
