import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notVisible } from '@lead/access';
import type { EventStore } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import { ParticipantRepository } from '../../participant/participant.repository.js';
import { survivorOf } from '../../participant/participant-survivor.js';
import type { ReferralEvent } from '../referral.events.js';
import { referralStream } from '../referral.repository.js';
import { GetReferralQuery, type GetReferralResult } from './get-referral.query.js';
import { referralRecordOf } from './referral-record.js';

/**
 * Reads the referral's stream (not the read model: always fresh, and its revision is the ETag),
 * then checks the caller may see it: in the caller's jurisdictions, and for an officer, made by the
 * officer's agency. A referral the caller may not see answers exactly like a missing one (404).
 */
@QueryHandler(GetReferralQuery)
export class GetReferralHandler implements IQueryHandler<GetReferralQuery, GetReferralResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
  ) {}

  async execute({ referralId, reader }: GetReferralQuery): Promise<GetReferralResult> {
    const events = await this.store.readStream(referralStream(referralId)); // StreamNotFound: 404
    const record = reader.visible(referralRecordOf(events.map((event) => event.data as ReferralEvent)));
    // One scope per route: `jurisdiction`; an officer's own agency is checked here, with the same 404.
    if (reader.role === 'officer' && record.referrer.agency !== reader.principal.agency) notVisible();
    return {
      record: {
        ...record,
        participantId: await survivorOf(record.participantId, (id) => this.participants.mergedInto(id)),
      },
      revision: events[events.length - 1].streamRevision,
    };
  }
}
