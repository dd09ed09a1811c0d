import { findEventHistory, type LatestIntegrationEvent } from '../contract-catalogue.js';
import type { IntegrationEvent } from '../integration-event.js';

/** A (type, version) this library does not know. */
export class UnknownEventContractError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(`no contract ${type} v${version} in @lead/contracts`);
    this.name = 'UnknownEventContractError';
  }
}

export interface Upcast {
  /** The latest version of the type. */
  schemaVersion: number;
  data: unknown;
}

/**
 * Brings data of any published version of a type to its latest version by running the
 * upcasters between neighbouring versions in turn. Data already at the latest version comes back
 * as it is. Expects data valid for (type, version): validate first (`readIntegrationEvent` does both).
 */
export function upcast(type: string, version: number, data: unknown): Upcast {
  const history = findEventHistory(type);
  if (!history || !Number.isInteger(version) || version < 1 || version > history.latest.version) {
    throw new UnknownEventContractError(type, version);
  }
  let current = data;
  for (let step = version; step < history.latest.version; step++) {
    current = (history.upcasters[step - 1] as (data: unknown) => unknown)(current);
  }
  return { schemaVersion: history.latest.version, data: current };
}

/** The same event at the latest version of its type; id, time and the rest of the envelope unchanged. */
export function upcastIntegrationEvent(event: IntegrationEvent): LatestIntegrationEvent {
  const { schemaVersion, data } = upcast(event.type, event.schemaVersion, event.data);
  return { ...event, schemaVersion, data } as LatestIntegrationEvent;
}
