import { JSON_SCHEMA_DIALECT, type JsonSchema } from '../schema/json-schema.js';
import { ContractValidators, type ValidationProblem } from '../validation/contract-validators.js';
import { ENVELOPE_PATTERNS } from '../validation/integration-event-envelope.schema.js';
import { InvalidIntegrationEventError } from '../validation/validate-integration-event.js';
import { auditContracts, auditEventHistories, type AuditEvent } from './audit-event.js';
import { STORE_ID_PATTERN } from './audit-kafka-binding.js';

/** The envelope of an audit event: ids, codes and a timestamp only, like an integration event's. */
export const auditEventEnvelopeSchema: JsonSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: 'urn:lead:contracts:audit-event-envelope',
  title: 'LEAD audit event',
  description: 'CloudEvents 1.0 envelope of an event about the event store; `data` follows (type, schemaVersion).',
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: ENVELOPE_PATTERNS.type },
    schemaVersion: { type: 'integer', minimum: 1 },
    source: { type: 'string', pattern: ENVELOPE_PATTERNS.source },
    time: { type: 'string', format: 'date-time' },
    subject: { type: 'string', pattern: STORE_ID_PATTERN },
    correlationId: { type: 'string', pattern: ENVELOPE_PATTERNS.correlationId },
    data: { type: 'object' },
  },
  required: ['id', 'type', 'schemaVersion', 'source', 'time', 'subject', 'correlationId', 'data'],
  additionalProperties: false,
};

let validators: ContractValidators | undefined;

/** Problems of an audit event against its envelope and its (type, schemaVersion); empty when valid. */
export function auditEventProblems(event: unknown): ValidationProblem[] {
  validators ??= new ContractValidators(auditEventEnvelopeSchema, auditContracts);
  const envelope = validators.envelope(event);
  if (envelope.length > 0) return envelope;
  const candidate = event as AuditEvent;
  const history = auditEventHistories.find((h) => h.type === candidate.type);
  if (!history) return [{ path: '/type', message: `unknown audit event type "${candidate.type}"` }];
  return (
    validators.data(candidate.type, candidate.schemaVersion, candidate.data, '/data') ?? [
      { path: '/schemaVersion', message: `${candidate.type} has no schema version ${candidate.schemaVersion} here` },
    ]
  );
}

/** Throws `InvalidIntegrationEventError` (retrying will not help) when the audit event breaks its contract. */
export function assertValidAuditEvent(event: unknown): asserts event is AuditEvent {
  const problems = auditEventProblems(event);
  if (problems.length > 0) throw new InvalidIntegrationEventError(problems);
}
