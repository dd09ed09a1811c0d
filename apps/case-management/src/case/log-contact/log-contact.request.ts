import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CONTACT_KINDS, type ContactKind } from '../case-vocabulary.js';
import { LIVING_SITUATION_GROUPS, type LivingSituationGroup } from '../demographics.js';

/** `POST /v1/cases/:caseId/contacts`: a contact with the participant, or an attempt to reach them. */
export class LogContactRequest {
  @IsIn(CONTACT_KINDS)
  kind!: ContactKind;

  /** Whether the participant was reached; a failed outreach attempt counts as a contact attempt. */
  @IsBoolean()
  successful!: boolean;

  @IsString()
  @IsInstant()
  @IsNotInFuture()
  contactedAt!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  durationMinutes?: number;

  /** HMIS 4.12 Current Living Situation seen at the contact, by group; sealed. */
  @IsOptional()
  @IsIn(LIVING_SITUATION_GROUPS)
  livingSituation?: LivingSituationGroup;

  /** The case manager's note; sealed, read by the treating program only. */
  @ApiProperty({ example: 'Met at the day shelter; wants help with an ID.' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}
