import { Module } from '@nestjs/common';
import { AccessModule } from '@lead/access';
import { assertValidIntegrationEvent } from '@lead/contracts';
import type { EventStore } from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { MessagingModule, publishableAppendCheck } from '@lead/messaging';
import { EVENT_STORE, PlatformModule, type ServiceDefinition } from '@lead/platform';
import { DecideEligibilityController } from './prosecution-matter/decide-eligibility/decide-eligibility.controller.js';
import { DecideEligibilityHandler } from './prosecution-matter/decide-eligibility/decide-eligibility.handler.js';
import { ReferralsWithoutMatter } from './prosecution-matter/follow-referrals/referrals-without-matter.js';
import { FollowReferralsConsumer } from './prosecution-matter/follow-referrals/follow-referrals.consumer.js';
import { GetMatterController } from './prosecution-matter/get-matter/get-matter.controller.js';
import { GetMatterHandler } from './prosecution-matter/get-matter/get-matter.handler.js';
import { NoteOfficerScreeningHandler } from './prosecution-matter/note-officer-screening/note-officer-screening.handler.js';
import { NoteReferralEndedHandler } from './prosecution-matter/note-referral-ended/note-referral-ended.handler.js';
import { OpenMatterHandler } from './prosecution-matter/open-matter/open-matter.handler.js';
import { prosecutionMatterDecider } from './prosecution-matter/prosecution-matter.decider.js';
import { prosecutionPublication } from './prosecution-matter/prosecution-matter.publication.js';
import { ProsecutionMatterRepository } from './prosecution-matter/prosecution-matter.repository.js';
import { jurisdictionsConfigDir, ProsecutionConfig } from './prosecution.config.js';
import { prosecutionPolicy } from './prosecution.policy.js';
import { prosecutionOpenApiResponses } from './prosecution.openapi-responses.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const prosecutionService: ServiceDefinition<ProsecutionConfig> = {
  serviceName: 'prosecution',
  schema: 'prosecution',
  config: ProsecutionConfig,
  // Success bodies for the OpenAPI document, generated from the controllers' return types (npm run docs:openapi).
  openApi: { responses: prosecutionOpenApiResponses },
  // Nothing is stored that the relay could not publish.
  appendCheck: publishableAppendCheck(prosecutionPublication, assertValidIntegrationEvent),
};

/**
 * The prosecution service: one matter per diverted arrest, opened from the referrals service's events, holding the
 * charge until the intake deadline, with the prosecutor's eligibility decision (published for the referrals
 * service). Intake deadline expiry, decline or release, new charges and sealing come with a later issue.
 */
@Module({
  imports: [
    PlatformModule.forRoot(prosecutionService),
    AccessModule.forRoot({ policy: prosecutionPolicy }),
    // Publishes the held charge and the decision; follows the referrals of the jurisdictions' arrests.
    MessagingModule.forRoot({
      publishes: prosecutionPublication,
      consumers: [FollowReferralsConsumer],
      validate: assertValidIntegrationEvent,
    }),
  ],
  controllers: [GetMatterController, DecideEligibilityController],
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
    ReferralsWithoutMatter,
    OpenMatterHandler,
    NoteOfficerScreeningHandler,
    NoteReferralEndedHandler,
    FollowReferralsConsumer,
    GetMatterHandler,
    DecideEligibilityHandler,
  ],
})
export class ProsecutionModule {}
