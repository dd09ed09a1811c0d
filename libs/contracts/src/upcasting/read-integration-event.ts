import type { LatestIntegrationEvent } from '../contract-catalogue.js';
import { InvalidIntegrationEventError, validateIntegrationEvent } from '../validation/validate-integration-event.js';
import { upcastIntegrationEvent } from './upcast.js';

/**
 * What a consumer does with a message value: validate it against the contract of its own
 * (type, schemaVersion), upcast it to the latest version, and check the result against the latest
 * schema too, so a faulty upcaster is caught here rather than in a handler. Throws
 * `InvalidIntegrationEventError` (dead-letter it; retrying cannot help).
 */
export function readIntegrationEvent(value: unknown): LatestIntegrationEvent {
  const received = validateIntegrationEvent(value);
  if (!received.valid) throw new InvalidIntegrationEventError(received.problems);
  const latest = upcastIntegrationEvent(received.event);
  if (latest.schemaVersion !== received.event.schemaVersion) {
    const upcast = validateIntegrationEvent(latest);
    if (!upcast.valid) {
      throw new InvalidIntegrationEventError(
        upcast.problems.map((p) => ({ ...p, message: `after upcasting to v${latest.schemaVersion}: ${p.message}` })),
      );
    }
  }
  return latest;
}
