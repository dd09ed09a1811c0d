import type { RouteKey } from '@lead/access';
import type { EventStore, Position } from '@lead/event-store';
import { randomUUID } from 'node:crypto';
import { eventually } from './eventually.js';
import type { RouteFixture } from './route-matrix.js';

/**
 * The route-matrix fixtures of the auditor's participant-history routes (journey, disclosures), mounted on every
 * service: `participantIn` gives a participant with events in that jurisdiction in the service's store, fresh or
 * not (the routes only read; each answer appends the auditor's read to the participant's audit stream). The routes
 * read `$all`, so each participant is handed out once `$all` shows an event of theirs: on a busy machine another
 * file's open transaction can hold the xid fence past a fresh participant's events, and the route would answer 404.
 */
export function participantHistoryFixtures(
  participantIn: (side: 'own' | 'other') => Promise<string>,
  store: Pick<EventStore, 'readAll'>,
): Partial<Record<RouteKey, RouteFixture>> {
  const visible = new Map<'own' | 'other', Promise<string>>();
  const participant = (side: 'own' | 'other') => {
    if (!visible.has(side))
      visible.set(
        side,
        participantIn(side).then(async (participantId) => {
          await eventually(
            () => inAll(store, participantId),
            (found) => found,
            `an event of participant ${participantId} in $all`,
          );
          return participantId;
        }),
      );
    return visible.get(side)!;
  };
  const fixture = (history: 'journey' | 'disclosures'): RouteFixture => ({
    own: async () => ({ path: `/v1/audit/participants/${await participant('own')}/${history}` }),
    other: async () => ({ path: `/v1/audit/participants/${await participant('other')}/${history}` }),
    missing: () => ({ path: `/v1/audit/participants/${randomUUID()}/${history}` }),
  });
  return {
    'GET /v1/audit/participants/:participantId/journey': fixture('journey'),
    'GET /v1/audit/participants/:participantId/disclosures': fixture('disclosures'),
  };
}

async function inAll(store: Pick<EventStore, 'readAll'>, participantId: string): Promise<boolean> {
  let after: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.some((event) => event.metadata.participantId === participantId)) return true;
    if (page.length < 1000) return false;
    after = page[page.length - 1]!.position;
  }
}
