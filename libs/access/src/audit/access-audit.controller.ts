import {
  Controller,
  Get,
  Headers,
  Inject,
  Optional,
  Param,
  ParseUUIDPipe,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { PersonalDataCipher } from '@lead/crypto';
import { type EventStore, type StreamIntegrityGuard } from '@lead/event-store';
import { CHAIN_INTEGRITY, currentCorrelationId, EVENT_STORE } from '@lead/platform';
import { ApiTags } from '@nestjs/swagger';
import type { AccessContext } from '../http/access-context.js';
import { invalidHeader, notVisible } from '../http/access-problems.js';
import { Caller } from '../http/caller.decorator.js';
import { isPurposeOfUse, PURPOSE_OF_USE_HEADER, PURPOSES_OF_USE, type PurposeOfUse } from '../policy/purpose-of-use.js';
import type { ParticipantHistoryRead } from './access-audit-events.js';
import { AccessAuditLog, type AccessAuditPage } from './access-audit-log.js';
import { AccessAuditQueryDto } from './access-audit-query.dto.js';
import { HistoryScanLimit } from './history-scan-limit.interceptor.js';
import { ParticipantHistory, type DisclosureAccounting, type ParticipantJourney } from './participant-history.js';
import { ParticipantJourneyQueryDto } from './participant-journey-query.dto.js';

/**
 * The auditor's routes, on every service that holds a log: the access audit (who read which participant's record,
 * in which role, for what purpose, when, and which requests were refused), a participant's journey as of any
 * instant, and the accounting of disclosures. Every read of a participant's history is itself recorded
 * (`ParticipantHistoryRead`) before the answer leaves. Mount it with `accessAuditPolicy` in the policy.
 */
@ApiTags('audit')
@Controller('audit')
export class AccessAuditController {
  private readonly history: ParticipantHistory;

  constructor(
    @Inject(AccessAuditLog) private readonly audit: AccessAuditLog,
    @Inject(EVENT_STORE) store: EventStore,
    @Optional() @Inject(PersonalDataCipher) cipher?: PersonalDataCipher,
    @Optional() @Inject(CHAIN_INTEGRITY) integrity?: StreamIntegrityGuard,
  ) {
    this.history = new ParticipantHistory(store, cipher, integrity);
  }

  @Get('access-events')
  list(@Query() query: AccessAuditQueryDto, @Caller() caller: AccessContext): Promise<AccessAuditPage> {
    return this.audit.query(
      {
        ...(query.participantId ? { participantId: query.participantId } : {}),
        ...(query.subject ? { subject: query.subject } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(query.after ? { after: query.after } : {}),
        limit: query.limit ?? 100,
      },
      caller.jurisdictions,
    );
  }

  /**
   * Every event of the participant across the log, in order, with who did what, as of `asOf`. Personal values are
   * opened only when the auditor gives `X-Purpose-Of-Use: audit` and this service holds the key store.
   */
  @Get('participants/:participantId/journey')
  @UseInterceptors(HistoryScanLimit)
  async journey(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Query() query: ParticipantJourneyQueryDto,
    @Headers(PURPOSE_OF_USE_HEADER) purposeHeader: string | undefined,
    @Caller() caller: AccessContext,
  ): Promise<ParticipantJourney & { personalValues: boolean }> {
    const purpose = purposeOf(purposeHeader);
    const personalValues = purpose === 'audit' && this.history.opensValues;
    const asOf = query.asOf ? new Date(query.asOf) : null;
    const journey = await this.history.journey(participantId, {
      asOf,
      jurisdictions: caller.jurisdictions,
      withValues: personalValues,
    });
    if (!journey) notVisible();
    await this.recordRead(caller, participantId, journey.jurisdictions, {
      history: 'journey',
      purpose,
      personalValues,
      asOf: journey.asOf,
      events: journey.events.length,
    });
    return { ...journey, personalValues };
  }

  /** Who read or was disclosed what of the participant, when, for which purpose, under which consent. */
  @Get('participants/:participantId/disclosures')
  @UseInterceptors(HistoryScanLimit)
  async disclosures(
    @Param('participantId', new ParseUUIDPipe()) participantId: string,
    @Headers(PURPOSE_OF_USE_HEADER) purposeHeader: string | undefined,
    @Caller() caller: AccessContext,
  ): Promise<DisclosureAccounting> {
    const purpose = purposeOf(purposeHeader);
    const accounting = await this.history.disclosures(participantId, { jurisdictions: caller.jurisdictions });
    if (!accounting) notVisible();
    await this.recordRead(caller, participantId, accounting.jurisdictions, {
      history: 'disclosures',
      purpose,
      personalValues: false,
      asOf: null,
      events: accounting.reads.length + accounting.historyReads.length + accounting.consents.length,
    });
    return accounting;
  }

  /** The auditor's read, before the answer leaves, under the participant's jurisdiction (that of what was shown). */
  private recordRead(
    caller: AccessContext,
    participantId: string,
    jurisdictions: string[],
    read: Pick<ParticipantHistoryRead, 'history' | 'purpose' | 'personalValues' | 'asOf' | 'events'>,
  ): Promise<void> {
    return this.audit.recordHistoryRead(
      {
        participantId,
        jurisdictions,
        actor: { subject: caller.principal.subject, agency: caller.principal.agency, role: caller.role },
        ...read,
      },
      currentCorrelationId() ?? 'none',
      jurisdictions[0] ?? null,
    );
  }
}

function purposeOf(header: string | undefined): PurposeOfUse | null {
  if (header === undefined) return null;
  if (!isPurposeOfUse(header))
    throw invalidHeader('X-Purpose-Of-Use', `must be one of ${PURPOSES_OF_USE.join(', ')} when given`);
  return header;
}
