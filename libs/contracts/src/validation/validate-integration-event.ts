import { contractCatalogue, findEventHistory } from '../contract-catalogue.js';
import type { EventContract } from '../event-contract.js';
import type { IntegrationEvent } from '../integration-event.js';
import { ContractValidators, type ValidationProblem } from './contract-validators.js';
import { integrationEventEnvelopeSchema } from './integration-event-envelope.schema.js';

export type IntegrationEventValidation =
  { valid: true; event: IntegrationEvent; contract: EventContract } | { valid: false; problems: ValidationProblem[] };

/** An event that does not match its contract. Retrying will not help: dead-letter it. */
export class InvalidIntegrationEventError extends Error {
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(`invalid integration event: ${problems.map((p) => `${p.path || '(event)'} ${p.message}`).join('; ')}`);
    this.name = 'InvalidIntegrationEventError';
  }
}

let validators: ContractValidators | undefined;

/** Compiled on first use (a few milliseconds for the whole catalogue), then shared. */
function contractValidators(): ContractValidators {
  validators ??= new ContractValidators(integrationEventEnvelopeSchema, contractCatalogue);
  return validators;
}

/**
 * Checks an event against the envelope schema and its data against the schema of its
 * (type, schemaVersion). The relay calls it before publishing, consumers after receiving:
 * an event of a type or version this library does not know is invalid (a consumer meeting a
 * newer version than it knows should upgrade `@lead/contracts`, not guess). Given the topic the
 * event is published on or was read from, also checks that its type travels there.
 */
export function validateIntegrationEvent(event: unknown, topic?: string): IntegrationEventValidation {
  const checks = contractValidators();
  const envelopeProblems = checks.envelope(event);
  if (envelopeProblems.length > 0) return { valid: false, problems: envelopeProblems };
  const candidate = event as IntegrationEvent;
  const history = findEventHistory(candidate.type);
  if (!history) {
    return { valid: false, problems: [{ path: '/type', message: `unknown event type "${candidate.type}"` }] };
  }
  const contract = history.versions.find((version) => version.version === candidate.schemaVersion);
  if (!contract) {
    const message =
      `${candidate.type} has no schema version ${candidate.schemaVersion} here ` +
      `(known: ${history.versions.map((v) => v.version).join(', ')}); a newer @lead/contracts may know it`;
    return { valid: false, problems: [{ path: '/schemaVersion', message }] };
  }
  if (topic !== undefined && topic !== contract.topic) {
    const message = `${contract.type} travels on ${contract.topic}, not on ${topic}`;
    return { valid: false, problems: [{ path: '/type', message }] };
  }
  const dataProblems = checks.data(contract.type, contract.version, candidate.data, '/data') ?? [];
  if (dataProblems.length > 0) return { valid: false, problems: dataProblems };
  return { valid: true, event: candidate, contract };
}

/**
 * `validateIntegrationEvent`, throwing `InvalidIntegrationEventError` instead of answering. Fits
 * the relay's `IntegrationEventValidator` hook (libs/messaging) as it is.
 */
export function assertValidIntegrationEvent(event: unknown, topic?: string): asserts event is IntegrationEvent {
  const result = validateIntegrationEvent(event, topic);
  if (!result.valid) throw new InvalidIntegrationEventError(result.problems);
}
