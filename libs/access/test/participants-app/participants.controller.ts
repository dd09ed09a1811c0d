import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { currentCorrelationId, ProblemException, ProblemType } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import { InvalidConsent, recordConsent, revokeConsent } from '../../src/disclosure/consent.js';
import type { Disclosure } from '../../src/disclosure/disclose.js';
import type { AccessContext } from '../../src/http/access-context.js';
import { Caller } from '../../src/http/caller.decorator.js';
import { ParticipantRead } from '../../src/http/participant-read.decorator.js';
import { RecordConsentDto, RevokeConsentDto } from './consent.dto.js';
import { ParticipantRecords } from './participant-records.js';
import { RegisterParticipantDto } from './register-participant.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Test-only participant API: one route per kind of access the policy distinguishes. */
@Controller('participants')
export class ParticipantsController {
  constructor(@Inject(ParticipantRecords) private readonly participants: ParticipantRecords) {}

  @Post()
  async register(
    @Body() body: RegisterParticipantDto,
    @Caller() caller: AccessContext,
  ): Promise<{ participantId: string }> {
    caller.assertJurisdiction(body.jurisdiction);
    const participantId = await this.participants.register(
      {
        jurisdiction: body.jurisdiction,
        agency: caller.principal.agency,
        identity: {
          name: body.name,
          dateOfBirth: body.dateOfBirth,
          address: { ...body.address },
          ...(body.phone ? { phone: body.phone } : {}),
        },
        demographics: body.race ? { race: body.race } : {},
        ...(body.district ? { district: body.district } : {}),
        status: { enrolled: false, engaged: false, intakeCompletedByDeadline: null, exited: false },
        milestones: { referredOn: new Date().toISOString().slice(0, 10) },
      },
      this.metadata(caller, body.jurisdiction),
    );
    return { participantId };
  }

  @Get()
  @ParticipantRead()
  async list(@Caller() caller: AccessContext): Promise<Disclosure[]> {
    const found = await this.participants.inJurisdictions(caller.jurisdictions);
    return found.map(({ record, consent }) => caller.disclose(record, consent));
  }

  @Get(':participantId')
  @ParticipantRead()
  async read(
    @Param('participantId', uuid) participantId: string,
    @Caller() caller: AccessContext,
  ): Promise<Disclosure> {
    const found = await this.participants.find(participantId);
    const record = caller.visible(found?.record);
    return caller.disclose(record, found!.consent);
  }

  @Get(':participantId/referral')
  @ParticipantRead()
  async referral(
    @Param('participantId', uuid) participantId: string,
    @Caller() caller: AccessContext,
  ): Promise<Disclosure> {
    const found = await this.participants.find(participantId);
    const record = caller.visible(found?.record);
    return caller.disclose(record, found!.consent);
  }

  @Put(':participantId/consent')
  @HttpCode(200)
  async recordConsent(
    @Param('participantId', uuid) participantId: string,
    @Body() body: RecordConsentDto,
    @Caller() caller: AccessContext,
  ): Promise<{ consentId: string }> {
    const record = caller.visible((await this.participants.find(participantId))?.record);
    const consent = this.valid(() =>
      recordConsent({
        consentId: randomUUID(),
        participantId,
        purpose: body.purpose,
        signedAt: body.signedAt,
        expiry: { kind: 'date', expiresAt: body.expiresAt },
        recipients: body.recipients,
        scope: body.scope,
      }),
    );
    await this.participants.append(
      participantId,
      { type: 'ConsentRecorded', consent },
      this.metadata(caller, record.jurisdiction),
    );
    return { consentId: consent.consentId };
  }

  @Post(':participantId/consent/revocations')
  async revokeConsent(
    @Param('participantId', uuid) participantId: string,
    @Body() body: RevokeConsentDto,
    @Caller() caller: AccessContext,
  ): Promise<{ revoked: true }> {
    const found = await this.participants.find(participantId);
    const record = caller.visible(found?.record);
    if (!found!.consent) throw this.invalid('there is no consent to revoke');
    this.valid(() => revokeConsent(found!.consent!, body));
    await this.participants.append(
      participantId,
      {
        type: 'ConsentRevoked',
        revokedAt: body.revokedAt,
        ...(body.recipients ? { recipients: body.recipients } : {}),
      },
      this.metadata(caller, record.jurisdiction),
    );
    return { revoked: true };
  }

  private metadata(caller: AccessContext, jurisdiction: string) {
    return { correlationId: currentCorrelationId() ?? 'none', actor: caller.actor, jurisdiction };
  }

  private valid<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof InvalidConsent) throw this.invalid(error.message);
      throw error;
    }
  }

  private invalid(detail: string): ProblemException {
    return new ProblemException({
      type: ProblemType.RuleViolated,
      title: 'The request breaks a rule of the program',
      status: 422,
      detail,
      code: 'invalid-consent',
    });
  }
}
