import { Module } from '@nestjs/common';
import { AccessAuditController, AccessModule, AddressThrottleController } from '@lead/access';
import { assertValidIntegrationEvent } from '@lead/contracts';
import { PersonalDataModule } from '@lead/crypto';
import type { EventStore } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { MessagingModule, publishableAppendCheck } from '@lead/messaging';
import { EVENT_STORE, PlatformModule, readModelDataSourceProvider, type ServiceDefinition } from '@lead/platform';
import type { TimerHandler } from '@lead/scheduling';
import { InstrumentRegistry } from './assessment/instrument/instrument-registry.js';
import { AssignCaseManagerController } from './case/assign-case-manager/assign-case-manager.controller.js';
import { caseDecider } from './case/case.decider.js';
import { casePublication } from './case/case.publication.js';
import { CaseRepository } from './case/case.repository.js';
import { ChangeCaseHandler } from './case/change-case/change-case.handler.js';
import { ChangeServiceConnectionController } from './case/change-service-connection/change-service-connection.controller.js';
import { CompleteIntakeController } from './case/complete-intake/complete-intake.controller.js';
import { ConnectServiceController } from './case/connect-service/connect-service.controller.js';
import { CountCasesController } from './case/count-cases/count-cases.controller.js';
import { CountCasesHandler } from './case/count-cases/count-cases.handler.js';
import { FollowUpRateController } from './case/follow-up-rate/follow-up-rate.controller.js';
import { FollowUpRateHandler } from './case/follow-up-rate/follow-up-rate.handler.js';
import { GetCaseController } from './case/get-case/get-case.controller.js';
import { GetCaseHandler } from './case/get-case/get-case.handler.js';
import { ExitCaseController } from './case/exit-case/exit-case.controller.js';
import { FollowProsecutionConsumer } from './case/follow-prosecution/follow-prosecution.consumer.js';
import { ProsecutionDecisionsHandler } from './case/follow-prosecution/prosecution-decisions.handler.js';
import { FollowReferralsConsumer } from './case/follow-referrals/follow-referrals.consumer.js';
import { ReferralFactsTable } from './case/follow-referrals/referral-facts.js';
import { LogContactController } from './case/log-contact/log-contact.controller.js';
import { OpenCaseHandler } from './case/open-case/open-case.handler.js';
import { PlanGoalsController } from './case/plan-goals/plan-goals.controller.js';
import { RecordConsentController } from './case/record-consent/record-consent.controller.js';
import { RecordAssessmentController } from './case/record-assessment/record-assessment.controller.js';
import { ReenrollController } from './case/reenroll/reenroll.controller.js';
import { ENGAGEMENT_REVIEW } from './case/review-engagement/engagement-timers.js';
import { ReviewEngagementHandler } from './case/review-engagement/review-engagement.handler.js';
import { RevokeConsentController } from './case/revoke-consent/revoke-consent.controller.js';
import { CaseManagementConfig, configDir } from './case-management.config.js';
import { caseManagementOpenApiResponses } from './case-management.openapi-responses.js';
import { caseManagementPolicy } from './case-management.policy.js';
import { GetCaseloadController } from './caseload/get-caseload/get-caseload.controller.js';
import { GetCaseloadHandler } from './caseload/get-caseload/get-caseload.handler.js';
import { ParticipantCases } from './participation/participant-cases.js';
import { ParticipationStatusController } from './participation/participation-status.controller.js';
import { ParticipationStatusHandler } from './participation/participation-status.handler.js';
import { CaseProgramRegistry } from './program/case-program-registry.js';
import { CaseProjectionWorker } from './projections/case-projection.worker.js';
import { caseReadModel } from './projections/case-read-model.js';
import { serviceTimerProviders, TIMER_HANDLERS, TIMER_RETENTION_DAYS } from '@lead/scheduling/service';

/** Shared by the module and `main.ts`, so both start the same service. */
export const caseManagementService: ServiceDefinition<CaseManagementConfig> = {
  serviceName: 'case-management',
  schema: 'case_management',
  config: CaseManagementConfig,
  // Success bodies for the OpenAPI document, generated from the controllers' return types (npm run docs:openapi).
  openApi: { responses: caseManagementOpenApiResponses },
  // Nothing is stored that the relay could not publish.
  appendCheck: publishableAppendCheck(casePublication, assertValidIntegrationEvent),
};

/**
 * The case-management service: one case per accepted referral (consumed from the referrals service), then intake,
 * consent, assessment, the intervention plan, service connections, contacts and engagement (moved on by durable
 * timers), exit and re-enrolment; personal and clinical values sealed per participant; status published on
 * `lead.cases.v1`; the participation status disclosed to police and prosecutors under consent.
 */
@Module({
  imports: [
    PlatformModule.forRoot(caseManagementService),
    AccessModule.forRoot({ policy: caseManagementPolicy }),
    PersonalDataModule.forRoot(),
    MessagingModule.forRoot({
      publishes: casePublication,
      consumers: [FollowReferralsConsumer, FollowProsecutionConsumer],
      validate: assertValidIntegrationEvent,
    }),
  ],
  controllers: [
    // The access audit, for auditors: who read which participant's record, for what purpose, when; refusals.
    AccessAuditController,
    // The client-address throttle, for program admins: which addresses are throttled, and lifting one (audited).
    AddressThrottleController,
    AssignCaseManagerController,
    CompleteIntakeController,
    RecordConsentController,
    RevokeConsentController,
    RecordAssessmentController,
    PlanGoalsController,
    ConnectServiceController,
    ChangeServiceConnectionController,
    LogContactController,
    ExitCaseController,
    ReenrollController,
    // Before GetCaseController: /cases/counts and /cases/follow-up-rate are routed before /cases/:caseId.
    CountCasesController,
    FollowUpRateController,
    GetCaseloadController,
    GetCaseController,
    ParticipationStatusController,
  ],
  providers: [
    {
      // The protocol versions the referrals service adopted: agencies, and the intake deadline of each version.
      provide: JurisdictionRegistry,
      inject: [CaseManagementConfig],
      useFactory: (config: CaseManagementConfig) => JurisdictionRegistry.load(configDir(config)),
    },
    {
      provide: InstrumentRegistry,
      inject: [CaseManagementConfig],
      useFactory: (config: CaseManagementConfig) => InstrumentRegistry.load(configDir(config, 'instruments')),
    },
    {
      // Each program's providers must be provider agencies of its jurisdiction's protocol in force, and its
      // instrument a configured one.
      provide: CaseProgramRegistry,
      inject: [CaseManagementConfig, JurisdictionRegistry, InstrumentRegistry],
      useFactory: (
        config: CaseManagementConfig,
        jurisdictions: JurisdictionRegistry,
        instruments: InstrumentRegistry,
      ) =>
        CaseProgramRegistry.load(configDir(config, 'case-management'), (program) => {
          const protocol = jurisdictions.protocolInForce(program.jurisdiction, new Date());
          if (!protocol) return [`jurisdiction ${program.jurisdiction} has no protocol in force`];
          const providers = new Set(protocol.agencies.filter((a) => a.kind === 'provider').map((a) => a.id));
          return [
            ...program.providers
              .filter((p) => !providers.has(p.agency))
              .map((p) => `providers: ${p.agency} is not a provider agency of ${program.jurisdiction}`),
            ...(instruments.get(program.instrument.id, program.instrument.version)
              ? []
              : [`instrument: ${program.instrument.id} ${program.instrument.version} is not in config/instruments`]),
          ];
        }),
    },
    {
      provide: CaseRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new CaseRepository(store, caseDecider),
    },
    ...serviceTimerProviders,
    {
      provide: TIMER_RETENTION_DAYS,
      inject: [CaseManagementConfig],
      useFactory: (config: CaseManagementConfig) => config.TIMER_RETENTION_DAYS,
    },
    {
      provide: TIMER_HANDLERS,
      inject: [ReviewEngagementHandler],
      useFactory: (review: ReviewEngagementHandler): Record<string, TimerHandler> => ({
        [ENGAGEMENT_REVIEW]: (timer) => review.fire(timer),
      }),
    },
    ReviewEngagementHandler,
    ReferralFactsTable,
    OpenCaseHandler,
    FollowReferralsConsumer,
    FollowProsecutionConsumer,
    ProsecutionDecisionsHandler,
    ChangeCaseHandler,
    ParticipantCases,
    GetCaseHandler,
    ParticipationStatusHandler,
    readModelDataSourceProvider(caseReadModel),
    CaseProjectionWorker,
    GetCaseloadHandler,
    CountCasesHandler,
    FollowUpRateHandler,
  ],
})
export class CaseManagementModule {}
