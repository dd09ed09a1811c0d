import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsPastCalendarDay } from '../calendar-day.request.js';
import { HMIS_RACE_ETHNICITY, HMIS_SEX, type HmisRaceEthnicity, type HmisSex } from '../demographics.js';

export class IntakeIdentityRequest {
  /** The name the participant goes by. */
  @ApiProperty({ example: 'Marisol Vega' })
  @IsString()
  @Length(1, 200)
  @Matches(/\p{L}/u, { message: '$property must contain a letter' })
  name!: string;

  @ApiProperty({ example: '1986-09-17' })
  @IsPastCalendarDay()
  dateOfBirth!: string;

  @ApiProperty({ example: '720-555-0142' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ().-]{7,20}$/, { message: '$property must be a phone number' })
  phone?: string;
}

/**
 * `POST /v1/cases/:caseId/intake`: the psychosocial intake. Identity, place and demographics are sealed with the
 * participant's data key; only the day and whether the deadline was met leave the service.
 */
export class CompleteIntakeRequest {
  @ApiProperty({ example: '2025-03-10' })
  @IsPastCalendarDay()
  completedOn!: string;

  /** Where the intake took place. */
  @ApiProperty({ example: 'ARTS drop-in centre, Colfax' })
  @IsString()
  @Length(1, 200)
  place!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => IntakeIdentityRequest)
  identity!: IntakeIdentityRequest;

  /** HMIS 3.04 Race and Ethnicity: one or more; "doesn't know", "prefers not to answer" and "not collected" alone. */
  @ApiProperty({ example: ['hispanic_latina_e_o', 'white'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HMIS_RACE_ETHNICITY.length)
  @ArrayUnique()
  @IsIn(HMIS_RACE_ETHNICITY, { each: true })
  raceEthnicity!: HmisRaceEthnicity[];

  /** HMIS 4.21 Sex (FY2026). */
  @IsIn(HMIS_SEX)
  sex!: HmisSex;
}
