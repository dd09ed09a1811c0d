import { CONFIGURED_CODE } from '@lead/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Matches } from 'class-validator';
import { IsPastCalendarDay } from '../calendar-day.request.js';
import { IsAnswerSheet } from './answer-sheet.js';

/**
 * `POST /v1/cases/:caseId/assessments`: an assessment taken under the case's instrument (the jurisdiction's program
 * names it). Answers are option codes by item id, checked against the instrument version; answers and scores are
 * sealed with the participant's data key (substance use is assessment data, never a rule input).
 */
export class RecordAssessmentRequest {
  /** An occasion of the instrument's schedule, e.g. `entry`, `baseline`, `reassessment`, `closeout`. */
  @ApiProperty({ example: 'entry' })
  @IsString()
  @Matches(CONFIGURED_CODE, { message: '$property must be a code' })
  occasion!: string;

  @ApiProperty({ example: '2025-03-12' })
  @IsPastCalendarDay()
  completedOn!: string;

  /** Item id → the code of the option chosen. */
  @ApiProperty({ example: { prior_living_situation: '116', income_any_source: '0' } })
  @IsObject()
  @IsAnswerSheet()
  answers!: Record<string, string>;
}
