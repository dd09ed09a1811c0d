import type { IntegrationEvent } from '@lead/contracts';
import type { RecordedEvent } from '@lead/event-store';
import { integrationEventFrom, streamEntityId, UnpublishableEvent } from '@lead/messaging';
import type { JusticeComparisonEvent } from './justice-comparison.events.js';
import type { JusticeRecordEvent } from './justice-record.events.js';
import {
  comparisonCohortId,
  JUSTICE_COMPARISON_STREAM_PREFIX,
  JUSTICE_RECORD_STREAM_PREFIX,
} from './justice-record.streams.js';

const SOURCE = '/lead/referrals';

/**
 * The justice import's part of `lead.referrals.v1`: a participant's justice event under their pseudonymous id (the
 * sealed identity, the record key and the source's ids stay here), and an import's comparison counts under the
 * jurisdiction's cohort id.
 */
export function mapJusticeEvent(event: RecordedEvent): IntegrationEvent | null {
  if (event.streamId.startsWith(JUSTICE_COMPARISON_STREAM_PREFIX)) return mapComparison(event);
  const participantId = streamEntityId(event, JUSTICE_RECORD_STREAM_PREFIX);
  const e = { ...(event.data as JusticeRecordEvent), type: event.type } as JusticeRecordEvent;
  switch (e.type) {
    case 'JusticeEventRecorded':
      return integrationEventFrom(event, SOURCE, 'lead.justice.record-imported', participantId, {
        occurredOn: e.occurredOn,
        kind: e.kind,
        district: e.district,
        ...(e.offenseCode !== null ? { offenseCode: e.offenseCode } : {}),
        ...(e.felony !== null ? { felony: e.felony } : {}),
        ...(e.jailDays !== null ? { jailDays: e.jailDays } : {}),
        importId: e.importId,
        coveredThrough: e.coveredThrough,
      });
    default:
      throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
  }
}

function mapComparison(event: RecordedEvent): IntegrationEvent | null {
  const e = { ...(event.data as JusticeComparisonEvent), type: event.type } as JusticeComparisonEvent;
  switch (e.type) {
    case 'JusticeComparisonCounted':
      return integrationEventFrom(
        event,
        SOURCE,
        'lead.justice.comparison-counted',
        comparisonCohortId(e.jurisdiction),
        {
          comparisonId: e.comparisonId,
          importId: e.importId,
          coveredThrough: e.coveredThrough,
          part: e.part,
          parts: e.parts,
          counts: e.counts,
          survival: e.survival,
        },
      );
    default:
      throw new UnpublishableEvent(event, 'the referrals publication does not know this event type');
  }
}
