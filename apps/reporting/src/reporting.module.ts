import { Module } from '@nestjs/common';
import { AccessAuditController, AccessModule, AddressThrottleController } from '@lead/access';
import { assertValidIntegrationEvent } from '@lead/contracts';
import { PersonalDataModule } from '@lead/crypto';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { MessagingModule } from '@lead/messaging';
import type { EventStore } from '@lead/event-store';
import { EVENT_STORE, PlatformModule, readModelDataSourceProvider, type ServiceDefinition } from '@lead/platform';
import { clockProviders } from '@lead/scheduling/service';
import { AgreementChangesController } from './data-use-agreement/agreement-changes.controller.js';
import { AmendDataUseAgreementHandler } from './data-use-agreement/amend-data-use-agreement/amend-data-use-agreement.handler.js';
import { dataUseAgreementDecider } from './data-use-agreement/data-use-agreement.decider.js';
import { DataUseAgreementRepository } from './data-use-agreement/data-use-agreement.repository.js';
import { GetDataUseAgreementController } from './data-use-agreement/get-data-use-agreement/get-data-use-agreement.controller.js';
import { RecordDataUseAgreementController } from './data-use-agreement/record-data-use-agreement/record-data-use-agreement.controller.js';
import { RecordDataUseAgreementHandler } from './data-use-agreement/record-data-use-agreement/record-data-use-agreement.handler.js';
import { RevokeDataUseAgreementHandler } from './data-use-agreement/revoke-data-use-agreement/revoke-data-use-agreement.handler.js';
import { EvaluatorExportController } from './evaluator-export/evaluator-export.controller.js';
import { EvaluatorExports } from './evaluator-export/evaluator-export.js';
import { ExportAuditController } from './evaluator-export/export-audit.controller.js';
import { ExportDisclosureLog } from './evaluator-export/export-disclosure-log.js';
import { ExportFacts } from './evaluator-export/export-facts.js';
import { ComparisonArrests } from './equity-report/comparison-arrests.js';
import { EquityReportController } from './equity-report/equity-report.controller.js';
import { EquityReportHandler } from './equity-report/equity-report.handler.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { ErasedDemographicsSweep } from './erasure/erased-demographics-sweep.js';
import { FunderCases } from './funder-report/funder-cases.js';
import { FunderReportController } from './funder-report/funder-report.controller.js';
import { FunderReportHandler } from './funder-report/funder-report.handler.js';
import { CaseHistories } from './cost-report/case-histories.js';
import { CostReportController } from './cost-report/cost-report.controller.js';
import { CostReportHandler } from './cost-report/cost-report.handler.js';
import { FollowProgramConsumer } from './follow-program/follow-program.consumer.js';
import { MonthlySeriesController } from './monthly-series/monthly-series.controller.js';
import { MonthlySeriesHandler } from './monthly-series/monthly-series.handler.js';
import { MonthlySnapshots } from './monthly-series/monthly-snapshots.js';
import { JusticeFacts } from './outcome-report/justice-facts.js';
import { OutcomeReportController } from './outcome-report/outcome-report.controller.js';
import { OutcomeReportHandler } from './outcome-report/outcome-report.handler.js';
import { ProgramEntries } from './outcome-report/program-entries.js';
import { JurisdictionCalendar } from './program-calendar/jurisdiction-calendar.js';
import { ProgramFactProjection } from './program-facts/program-fact-projection.js';
import { ParticipantJourneyHandler } from './participant-journey/participant-journey.handler.js';
import { ProgramActivityQuery } from './program-journeys/program-activity.js';
import { ReferralJourneys } from './program-journeys/referral-journeys.js';
import { ProgramLog } from './program-log/program-log.js';
import { ProgramReportController } from './program-report/program-report.controller.js';
import { ProgramReportHandler } from './program-report/program-report.handler.js';
import { ProgramFactsDiff } from './read-model-diff/program-facts-diff.js';
import { ProgramFactsDiffController } from './read-model-diff/program-facts-diff.controller.js';
import { ProgramFactsRebuild } from './rebuild/program-facts-rebuild.js';
import { RebuildWhenMappingChanged } from './rebuild/rebuild-when-mapping-changed.js';
import { jurisdictionsConfigDir, ReportingConfig } from './reporting.config.js';
import { reportingOpenApiResponses } from './reporting.openapi-responses.js';
import { reportingPolicy } from './reporting.policy.js';
import { reportingReadModel } from './reporting-read-model.js';

/** Shared by the module and `main.ts`, so both start the same service. */
export const reportingService: ServiceDefinition<ReportingConfig> = {
  serviceName: 'reporting',
  schema: 'reporting',
  config: ReportingConfig,
  // Success bodies for the OpenAPI document, generated from the controllers' return types (npm run docs:openapi).
  openApi: { responses: reportingOpenApiResponses },
};

/**
 * The reporting service. It follows every topic of the program into its program log and the facts
 * read from it (rebuilt from the log beside the live table), and answers the program's reports from them, as of any
 * instant, exact for program admins and with small cells withheld for evaluators. It owns one aggregate, the data-use
 * agreements its evaluator exports are made under, and logs each export as a disclosure.
 */
@Module({
  imports: [
    PlatformModule.forRoot(reportingService),
    AccessModule.forRoot({ policy: reportingPolicy }),
    // The key store the services share: race and ethnicity reach this service sealed with the participant's key.
    PersonalDataModule.forRoot(),
    MessagingModule.forRoot({ consumers: [FollowProgramConsumer], validate: assertValidIntegrationEvent }),
  ],
  controllers: [
    // The access audit, for auditors: who read which participant's record, for what purpose, when; refusals.
    AccessAuditController,
    // The client-address throttle, for program admins: which addresses are throttled, and lifting one (audited).
    AddressThrottleController,
    ProgramReportController,
    EquityReportController,
    FunderReportController,
    DashboardController,
    OutcomeReportController,
    MonthlySeriesController,
    CostReportController,
    ProgramFactsDiffController,
    RecordDataUseAgreementController,
    AgreementChangesController,
    GetDataUseAgreementController,
    EvaluatorExportController,
    ExportAuditController,
  ],
  providers: [
    {
      provide: JurisdictionRegistry,
      inject: [ReportingConfig],
      useFactory: (config: ReportingConfig) => JurisdictionRegistry.load(jurisdictionsConfigDir(config)),
    },
    {
      provide: JurisdictionCalendar,
      inject: [JurisdictionRegistry],
      useFactory: (registry: JurisdictionRegistry) => new JurisdictionCalendar(registry),
    },
    ...clockProviders,
    readModelDataSourceProvider(reportingReadModel),
    ProgramLog,
    ProgramFactProjection,
    FollowProgramConsumer,
    ProgramFactsRebuild,
    ProgramFactsDiff,
    RebuildWhenMappingChanged,
    ReferralJourneys,
    ProgramActivityQuery,
    ProgramReportHandler,
    ParticipantJourneyHandler,
    ProgramEntries,
    JusticeFacts,
    MonthlySnapshots,
    CaseHistories,
    OutcomeReportHandler,
    MonthlySeriesHandler,
    CostReportHandler,
    ComparisonArrests,
    EquityReportHandler,
    FunderCases,
    FunderReportHandler,
    ErasedDemographicsSweep,
    // The one aggregate of this service: data-use agreements (docs/reporting-exports.md says why).
    {
      provide: DataUseAgreementRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new DataUseAgreementRepository(store, dataUseAgreementDecider),
    },
    RecordDataUseAgreementHandler,
    AmendDataUseAgreementHandler,
    RevokeDataUseAgreementHandler,
    ExportFacts,
    ExportDisclosureLog,
    EvaluatorExports,
  ],
})
export class ReportingModule {}
