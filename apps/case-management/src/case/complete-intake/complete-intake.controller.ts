import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision, invalidField } from '@lead/platform';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { HMIS_RACE_ETHNICITY_ALONE, type IntakeDemographics, type IntakeIdentity } from '../demographics.js';
import { CompleteIntakeRequest } from './complete-intake.request.js';

@Controller('cases')
export class CompleteIntakeController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Records the psychosocial intake: with a release of information, what joining requires. */
  @Post(':caseId/intake')
  @HttpCode(200)
  async complete(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CompleteIntakeRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    if (body.raceEthnicity.length > 1 && body.raceEthnicity.some((r) => HMIS_RACE_ETHNICITY_ALONE.includes(r))) {
      throw invalidField(
        'raceEthnicity',
        'client_doesnt_know, client_prefers_not_to_answer and data_not_collected stand alone',
      );
    }
    const identity: IntakeIdentity = {
      name: body.identity.name,
      dateOfBirth: body.identity.dateOfBirth,
      ...(body.identity.phone !== undefined ? { phone: body.identity.phone } : {}),
    };
    const demographics: IntakeDemographics = { raceEthnicity: body.raceEthnicity, sex: body.sex };
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: async ({ by, at, seal }) => {
        const [sealedIdentity, place, sealedDemographics] = await seal([identity, body.place, demographics]);
        return {
          type: 'CompleteIntake',
          completedOn: body.completedOn,
          identity: sealedIdentity!,
          place: place!,
          demographics: sealedDemographics!,
          by,
          at,
        };
      },
    });
  }
}
