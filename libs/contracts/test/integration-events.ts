import { randomUUID } from 'node:crypto';
import type { EventContract } from '../src/event-contract.js';
import type { IntegrationEvent } from '../src/integration-event.js';
import { instanceOf } from './schema-instances.js';

/** An envelope as the referrals relay would produce it, around `data`. */
export function integrationEvent<Data>(
  type: string,
  schemaVersion: number,
  data: Data,
  overrides: Partial<IntegrationEvent<Data>> = {},
): IntegrationEvent<Data> {
  return {
    id: randomUUID(),
    type,
    schemaVersion,
    source: '/lead/referrals',
    time: '2024-03-05T14:31:07.123Z',
    participantId: randomUUID(),
    jurisdiction: 'seattle-king-county',
    correlationId: randomUUID(),
    causationId: null,
    data,
    ...overrides,
  };
}

/** An event of a contract version with data built from its schema. */
export function integrationEventFor(
  contract: EventContract,
  options: { withOptional?: boolean } = {},
): IntegrationEvent {
  return integrationEvent(
    contract.type,
    contract.version,
    instanceOf(contract.schema, options) as Record<string, unknown>,
  );
}
