import { Module } from '@nestjs/common';
import { AccessAuditController, AccessModule, AddressThrottleController } from '@lead/access';
import { assertValidIntegrationEvent } from '@lead/contracts';
import { PersonalDataModule } from '@lead/crypto';
import type { EventStore } from '@lead/event-store';
import { JurisdictionRegistry, recordProtocolAdoptions, systemActor } from '@lead/jurisdictions';
import { MessagingModule, publishableAppendCheck } from '@lead/messaging';
import {
  EVENT_STORE,
  LOGGER,
  PlatformModule,
  readModelDataSourceProvider,
  type ServiceDefinition,
} from '@lead/platform';
import type { Logger } from 'pino';
import { participantDecider } from './participant/participant.decider.js';
import { ParticipantRegistration } from './participant/register-participant/participant-registration.js';
import { ParticipantMatchKeyRepository } from './participant/participant-match-key.repository.js';
import { ParticipantMergeLogRepository } from './participant/participant-merge-log.repository.js';
import { ParticipantRepository } from './participant/participant.repository.js';
import { MergeParticipantController } from './participant/merge-participant/merge-participant.controller.js';
import { MergeParticipantHandler } from './participant/merge-participant/merge-participant.handler.js';
import { EraseParticipantController } from './participant/erase-participant/erase-participant.controller.js';
import { erasureProviders } from './participant/erase-participant/erasure-providers.js';
import { ReferralProjectionWorker } from './projections/referral-projection.worker.js';
import { referralReadModel } from './projections/referral-read-model.js';
import { ProsecutorDecisionConsumer } from './referral/apply-prosecutor-decision/prosecutor-decision.consumer.js';
import { ArrestExpungedConsumer } from './referral/expunge-arrest/arrest-expunged.consumer.js';
import { AnswerOfferController } from './referral/answer-offer/answer-offer.controller.js';
import { AnswerOfferHandler } from './referral/answer-offer/answer-offer.handler.js';
import { RecordAggrievedPartyAgreementController } from './referral/record-aggrieved-party-agreement/record-aggrieved-party-agreement.controller.js';
import { RecordAggrievedPartyAgreementHandler } from './referral/record-aggrieved-party-agreement/record-aggrieved-party-agreement.handler.js';
import { RecordLeadLineCallController } from './referral/record-lead-line-call/record-lead-line-call.controller.js';
import { RecordLeadLineCallHandler } from './referral/record-lead-line-call/record-lead-line-call.handler.js';
import { RecordCaseManagerArrivalController } from './referral/record-case-manager-arrival/record-case-manager-arrival.controller.js';
import { RecordCaseManagerArrivalHandler } from './referral/record-case-manager-arrival/record-case-manager-arrival.handler.js';
import { RelinquishCustodyController } from './referral/relinquish-custody/relinquish-custody.controller.js';
import { RelinquishCustodyHandler } from './referral/relinquish-custody/relinquish-custody.handler.js';
import { CountReferralsController } from './referral/count-referrals/count-referrals.controller.js';
import { CountReferralsHandler } from './referral/count-referrals/count-referrals.handler.js';
import { GetReferralController } from './referral/get-referral/get-referral.controller.js';
import { GetReferralHandler } from './referral/get-referral/get-referral.handler.js';
import { ListReferralsController } from './referral/list-referrals/list-referrals.controller.js';
import { ListReferralsHandler } from './referral/list-referrals/list-referrals.handler.js';
import { RecordReferralController } from './referral/record-referral/record-referral.controller.js';
import { RecordReferralHandler } from './referral/record-referral/record-referral.handler.js';
import { referralDecider } from './referral/referral.decider.js';
import { referralsPublication } from './referral/referral.publication.js';
import { ReferralRepository } from './referral/referral.repository.js';
import { jurisdictionsConfigDir, ReferralsConfig } from './referrals.config.js';
import { referralsPolicy } from './referrals.policy.js';
import { referralsOpenApiResponses } from './referrals.openapi-responses.js';
import { ImportJusticeRecordsController } from './justice-record/import-justice-records/import-justice-records.controller.js';
import { ImportJusticeRecordsHandler } from './justice-record/import-justice-records/import-justice-records.handler.js';
import { JusticeComparisonRepository, JusticeRecordRepository } from './justice-record/justice-record.repository.js';
import { REFERRAL_EVENT_SCHEMA_VERSIONS } from './referral/referral.events.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const referralsService: ServiceDefinition<ReferralsConfig> = {
  serviceName: 'referrals',
  schema: 'referrals',
  config: ReferralsConfig,
  // Success bodies for the OpenAPI document, generated from the controllers' return types (npm run docs:openapi).
  openApi: { responses: referralsOpenApiResponses },
  // Nothing is stored that the relay could not publish.
  appendCheck: publishableAppendCheck(referralsPublication, assertValidIntegrationEvent),
};

/**
 * The referrals service: field referrals, eligibility screening by the jurisdiction's protocol
 * version in force, warm hand-off, enrollment; participant identity sealed per participant.
 */
@Module({
  imports: [
    PlatformModule.forRoot(referralsService),
    AccessModule.forRoot({ policy: referralsPolicy }),
    PersonalDataModule.forRoot(),
    // Publishes the referral's journey; takes the prosecutor's eligibility decision from the prosecution service.
    MessagingModule.forRoot({
      publishes: referralsPublication,
      consumers: [ProsecutorDecisionConsumer, ArrestExpungedConsumer],
      validate: assertValidIntegrationEvent,
    }),
  ],
  controllers: [
    // The access audit, for auditors: who read which participant's record, for what purpose, when; refusals.
    AccessAuditController,
    // The client-address throttle, for program admins: which addresses are throttled, and lifting one (audited).
    AddressThrottleController,
    RecordReferralController,
    AnswerOfferController,
    RecordAggrievedPartyAgreementController,
    RecordLeadLineCallController,
    RecordCaseManagerArrivalController,
    RelinquishCustodyController,
    // Routes are matched in this order: `GET /v1/referrals/counts` before `GET /v1/referrals/:referralId`.
    ListReferralsController,
    CountReferralsController,
    GetReferralController,
    MergeParticipantController,
    EraseParticipantController,
    // The justice-system import: matched by the blind index here, the only service that holds it.
    ImportJusticeRecordsController,
  ],
  providers: [
    {
      // Screening starts only once each protocol version's adoption is recorded; an adopted version edited in place stops the start.
      provide: JurisdictionRegistry,
      inject: [ReferralsConfig, EVENT_STORE, LOGGER],
      useFactory: async (config: ReferralsConfig, store: EventStore, logger: Logger) => {
        const registry = JurisdictionRegistry.load(jurisdictionsConfigDir(config));
        const { adopted } = await recordProtocolAdoptions(store, registry, {
          actor: systemActor(referralsService.serviceName),
        });
        if (adopted.length > 0) logger.info({ adopted }, 'recorded the adoption of protocol versions');
        return registry;
      },
    },
    {
      provide: ReferralRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) =>
        new ReferralRepository(store, referralDecider, { schemaVersions: REFERRAL_EVENT_SCHEMA_VERSIONS }),
    },
    {
      provide: ParticipantRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new ParticipantRepository(store, participantDecider),
    },
    ParticipantMatchKeyRepository,
    ParticipantMergeLogRepository,
    ParticipantRegistration,
    ProsecutorDecisionConsumer,
    ArrestExpungedConsumer,
    RecordReferralHandler,
    AnswerOfferHandler,
    RecordAggrievedPartyAgreementHandler,
    RecordLeadLineCallHandler,
    RecordCaseManagerArrivalHandler,
    RelinquishCustodyHandler,
    ListReferralsHandler,
    CountReferralsHandler,
    GetReferralHandler,
    MergeParticipantHandler,
    // Erasure of a participant: the blind index's purge, the erasure, its route's handler.
    ...erasureProviders,
    JusticeRecordRepository,
    JusticeComparisonRepository,
    ImportJusticeRecordsHandler,
    // The referral read model (the service's schema, TypeORM) and the projector that keeps it up to date.
    readModelDataSourceProvider(referralReadModel),
    ReferralProjectionWorker,
  ],
})
export class ReferralsModule {}
