import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { DomainRuleViolation } from '@lead/event-store';
import { IfMatchRevision } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { scoreAssessment } from '../../assessment/instrument/assessment-scoring.js';
import { InstrumentRegistry } from '../../assessment/instrument/instrument-registry.js';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { RecordAssessmentRequest } from './record-assessment.request.js';

@Controller('cases')
export class RecordAssessmentController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(InstrumentRegistry) private readonly instruments: InstrumentRegistry,
  ) {}

  /**
   * Records an assessment under the instrument version the case follows: the occasion must be one of its schedule,
   * every answer an option of its item, every required item answered (422 `answers_invalid` lists each problem).
   * Scored by the instrument's configuration; answers its id as `createdId`.
   */
  @Post(':caseId/assessments')
  @HttpCode(201)
  async record(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordAssessmentRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    const assessmentId = randomUUID();
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      createdId: assessmentId,
      change: async ({ opened, by, at, seal }) => {
        const instrument = this.instruments.get(opened.instrument.id, opened.instrument.version);
        if (!instrument)
          throw new Error(`Instrument ${opened.instrument.id} ${opened.instrument.version} is not configured`);
        if (!instrument.schedule.occasions.some((o) => o.occasion === body.occasion)) {
          throw new DomainRuleViolation('occasion_unknown', `${instrument.id} has no occasion "${body.occasion}".`, {
            field: 'occasion',
            occasions: instrument.schedule.occasions.map((o) => o.occasion),
          });
        }
        const scoring = scoreAssessment(instrument, body.answers);
        if (!scoring.ok) {
          throw new DomainRuleViolation('answers_invalid', 'Some answers do not fit the instrument.', {
            field: 'answers',
            problems: scoring.problems,
          });
        }
        const [answers, scores] = await seal([body.answers, scoring.scores]);
        return {
          type: 'RecordAssessment',
          assessmentId,
          instrument: { id: instrument.id, version: instrument.version },
          occasion: body.occasion,
          completedOn: body.completedOn,
          answers: answers!,
          scores: scores!,
          by,
          at,
        };
      },
    });
  }
}
