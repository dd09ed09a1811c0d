import type { AllFilter, RecordedEvent } from '@lead/event-store';
import type { WireMessage } from '../wire/wire-message.js';

/**
 * A publication whose messages are not integration events about a participant (the store's checkpoints on
 * lead.audit.v1): the relay publishes `messageFor(event)` as it is. Like an `IntegrationEventMapper`, a pure
 * function of the event, so a republished event is the same message, and throwing stops the relay at the event.
 */
export interface WireEventMapper {
  readonly topic: string;
  readonly filter: AllFilter;
  messageFor(event: RecordedEvent): WireMessage | null;
}

export function isWireEventMapper(mapper: object): mapper is WireEventMapper {
  return typeof (mapper as Partial<WireEventMapper>).messageFor === 'function';
}
