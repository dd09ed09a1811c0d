import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
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

/** A step that takes no fields (achieving a goal, setting it aside): any field sent is refused. */
export class NoFieldsRequest {}
