import { TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import type { IntegrationEventMapper } from '@lead/messaging';
import { mapCoordinationEvent } from './participant-coordination/participant-coordination.publication.js';
import { COORDINATION_STREAM_PREFIX } from './participant-coordination/participant-coordination.repository.js';
import { prosecutionPublication } from './prosecution-matter/prosecution-matter.publication.js';

/**
 * Everything the prosecution service publishes on `lead.prosecution.v1`: its matters' events
 * (`prosecutionPublication`) and its participants' coordination (`mapCoordinationEvent`), each mapped by the
 * aggregate whose stream it is on. The relay and the append check use this one.
 */
export const prosecutionServicePublication: IntegrationEventMapper = {
  topic: TOPICS.prosecution,
  filter: {
    streamPrefixes: [...(prosecutionPublication.filter.streamPrefixes ?? []), COORDINATION_STREAM_PREFIX],
  },
  map(event: RecordedEvent): IntegrationEvent | null {
    if (event.streamId.startsWith(COORDINATION_STREAM_PREFIX)) return mapCoordinationEvent(event);
    return prosecutionPublication.map(event);
  },
};
