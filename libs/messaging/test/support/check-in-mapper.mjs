// The test producer's IntegrationEventMapper, in plain JavaScript so that the crash test's child relay process
// (which runs the compiled library with `node`, no TypeScript) and the TypeScript tests share one definition.

export const CHECKED_IN = 'ParticipantCheckedIn';
export const INTEGRATION_TYPE = 'lead.test.checked-in';
export const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** Check-ins become integration events on `topic`; every other event of a `checkin-` stream stays inside. */
export function checkInMapper(topic) {
  return {
    topic,
    filter: { streamPrefixes: ['checkin-'] },
    map(event) {
      if (event.type !== CHECKED_IN) return null;
      const data = event.data;
      return {
        id: event.eventId,
        type: INTEGRATION_TYPE,
        schemaVersion: 1,
        source: '/lead/test',
        time: event.recordedAt.toISOString(),
        participantId: data.participantId,
        jurisdiction: 'test-jurisdiction',
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId ?? null,
        traceparent: TRACEPARENT,
        data: { sequence: data.sequence, poison: data.poison === true },
      };
    },
  };
}
