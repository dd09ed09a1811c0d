import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Disclosure } from '@lead/access';
import { StreamNotFound } from '@lead/event-store';
import type { Clock } from '@lead/scheduling';
import { caseStream, CaseRepository } from '../case/case.repository.js';
import { consentFor, participationStatus } from '../case/participation-status.js';
import { CLOCK } from '@lead/scheduling/service';
import { ParticipantCases } from './participant-cases.js';
import { ParticipationStatusQuery } from './participation-status.query.js';

/**
 * The participation status of a participant's latest case in the caller's jurisdictions, disclosed through
 * `disclose()` with the consent that covers the caller's agency now. The consent is read from the case's stream,
 * never from a read model, so a revocation holds from the next read. No case, no consent, an expired or revoked one:
 * 404, exactly like a participant the program never saw (even the fact of participation is protected).
 */
@QueryHandler(ParticipationStatusQuery)
export class ParticipationStatusHandler implements IQueryHandler<ParticipationStatusQuery, Disclosure> {
  constructor(
    @Inject(ParticipantCases) private readonly participantCases: ParticipantCases,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ participantId, reader }: ParticipationStatusQuery): Promise<Disclosure> {
    const [latest] = await this.participantCases.of(participantId.toLowerCase(), reader.jurisdictions);
    if (latest === undefined) throw new StreamNotFound('(no case of this participant)');
    const { state } = await this.cases.load(caseStream(latest));
    const opened = reader.visible(state.opened ?? undefined);
    const now = this.clock.now();
    return reader.disclose(
      {
        participantId: opened.participantId,
        jurisdiction: opened.jurisdiction,
        identity: { name: null, dateOfBirth: null },
        status: participationStatus(state, now),
      },
      consentFor(state.consents, reader.principal.agency, now),
      now,
    );
  }
}
