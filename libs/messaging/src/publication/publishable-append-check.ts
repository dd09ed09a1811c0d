import { InvalidIntegrationEventError } from '@lead/contracts';
import { AppendRefused, type AppendCheck, type AppendProblem, type RecordedEvent } from '@lead/event-store';
import {
  matchesFilter,
  type IntegrationEventMapper,
  type IntegrationEventValidator,
} from './integration-event-mapper.js';

/**
 * The producer's side of "nothing is stored that cannot be published": each event of an append that falls under the
 * service's publication is mapped and validated against its contract as the relay will do it later, and the append
 * is refused (`AppendRefused`, nothing stored) when either fails. The event is mapped as if recorded now; the store
 * assigns its position, which no integration event carries.
 */
export function publishableAppendCheck(
  mapper: IntegrationEventMapper,
  validate?: IntegrationEventValidator,
): AppendCheck {
  return (streamId, events) => {
    const recordedAt = new Date();
    events.forEach((event, index) => {
      const provisional: RecordedEvent = {
        ...event,
        streamId,
        streamRevision: index,
        position: { commit: 0n, prepare: 0n },
        recordedAt,
        hash: '',
        previousHash: '',
      };
      if (!matchesFilter(provisional, mapper.filter)) return;
      let mapped;
      try {
        mapped = mapper.map(provisional);
        if (mapped) validate?.(mapped, mapper.topic);
      } catch (error) {
        throw new AppendRefused(streamId, event.type, problemsOf(error, mapped), { cause: error });
      }
    });
  };
}

function problemsOf(error: unknown, mapped: unknown): AppendProblem[] {
  if (error instanceof InvalidIntegrationEventError) {
    return error.problems.map(({ path, message }) => {
      const value = valueAt(mapped, path);
      return value === undefined ? { path, message } : { path, message, value };
    });
  }
  return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
}

/** The value at a JSON pointer (`/data/answeredAt`), or undefined. */
function valueAt(document: unknown, pointer: string): unknown {
  if (!pointer) return undefined;
  let node: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
