export * from './topics.js';
export * from './identifiers.js';
export * from './integration-event.js';
export * from './event-contract.js';
export * from './event-history.js';
export * from './contract-catalogue.js';
export * from './events/cases/index.js';
export {
  EQUITY_GROUPS,
  HMIS_RACE_ETHNICITY,
  type EquityGroup,
  type HmisRaceEthnicity,
} from './events/justice/justice-fields.js';
export * from './schema/json-schema.js';
export type { Infer, TypedSchema } from './schema/typed-schema.js';
export * from './validation/validate-integration-event.js';
export type { ValidationProblem } from './validation/contract-validators.js';
export { integrationEventEnvelopeSchema } from './validation/integration-event-envelope.schema.js';
export * from './upcasting/upcast.js';
export * from './upcasting/read-integration-event.js';
export * from './kafka-binding.js';
export * from './privacy/privacy-guard.js';
export {
  personalDataNameRule,
  PERSONAL_DATA_NAME_RULES,
  type PersonalDataNameRule,
} from './privacy/personal-data-names.js';
export * from './compatibility/breaking-changes.js';
export * from './audit/audit-event.js';
export * from './audit/audit-checkpoint-signed.v1.js';
export * from './audit/audit-kafka-binding.js';
export * from './audit/validate-audit-event.js';
