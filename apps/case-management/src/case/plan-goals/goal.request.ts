import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { GOAL_DOMAINS, type GoalDomain } from '../case-vocabulary.js';

/** `POST /v1/cases/:caseId/goals` and `…/goals/:goalId/revision`: a goal the participant chose, in a life domain. */
export class GoalRequest {
  @IsIn(GOAL_DOMAINS)
  domain!: GoalDomain;

  /** The goal in the participant's words; sealed with their data key. */
  @ApiProperty({ example: 'Get my ID back so I can apply for housing' })
  @IsString()
  @Length(1, 1000)
  wording!: string;
}

/** `…/goals/:goalId/achievement` and `…/set-aside`: when, if not now (not before the goal's last change). */
export class GoalStepRequest {
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at?: string;
}
