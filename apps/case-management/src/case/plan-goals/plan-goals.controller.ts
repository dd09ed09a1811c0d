import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type AccessContext } from '@lead/access';
import { IfMatchRevision } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { changeCase, CaseChangeReceipt } from '../change-case/case-change-receipt.js';
import { GoalRequest, GoalStepRequest } from './goal.request.js';

/**
 * The individual intervention plan: goals the participant chooses, added, revised, achieved or set aside, each
 * a new version of the plan, attributed to the caller and dated. A goal is never removed, and missing one has no
 * consequence (there are no sanctions in LEAD).
 */
@Controller('cases')
export class PlanGoalsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  /** Adds a goal; answers its id as `createdId`. */
  @Post(':caseId/goals')
  @HttpCode(201)
  async add(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: GoalRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    const goalId = randomUUID();
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      createdId: goalId,
      change: async ({ by, at, seal }) => {
        const [wording] = await seal([body.wording]);
        return { type: 'AddGoal', goalId, domain: body.domain, wording: wording!, by, at };
      },
    });
  }

  /** Rewords a goal, or moves it to another domain. */
  @Post(':caseId/goals/:goalId/revision')
  @HttpCode(200)
  async revise(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('goalId', new ParseUUIDPipe()) goalId: string,
    @Body() body: GoalRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: async ({ by, at, seal }) => {
        const [wording] = await seal([body.wording]);
        return { type: 'ReviseGoal', goalId: goalId.toLowerCase(), domain: body.domain, wording: wording!, by, at };
      },
    });
  }

  /** The participant reached the goal. */
  @Post(':caseId/goals/:goalId/achievement')
  @HttpCode(200)
  async achieve(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('goalId', new ParseUUIDPipe()) goalId: string,
    @Body() body: GoalStepRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: ({ by, at }) => ({ type: 'AchieveGoal', goalId: goalId.toLowerCase(), by, at: stepAt(body, at) }),
    });
  }

  /** The participant set the goal aside (no longer theirs, or not now). */
  @Post(':caseId/goals/:goalId/set-aside')
  @HttpCode(200)
  async setAside(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('goalId', new ParseUUIDPipe()) goalId: string,
    @Body() body: GoalStepRequest,
    @IfMatchRevision() expectedRevision: number | undefined,
    @Caller() caller: AccessContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<CaseChangeReceipt> {
    return changeCase(this.commands, {
      caseId,
      caller,
      expectedRevision,
      response,
      change: ({ by, at }) => ({ type: 'SetGoalAside', goalId: goalId.toLowerCase(), by, at: stepAt(body, at) }),
    });
  }
}

/** The step's instant: the one the request names, normalised, else the server's. */
function stepAt(body: GoalStepRequest, now: string): string {
  return body.at === undefined ? now : new Date(body.at).toISOString();
}
