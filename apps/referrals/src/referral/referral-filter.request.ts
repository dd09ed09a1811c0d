import { DISTRICT_ID, JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { IsInstant } from '@lead/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_DOORS, type ReferralDoor } from '@lead/jurisdictions';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Which referrals a list or a count covers: the query parameters `GET /v1/referrals` and `/counts` share. */
export class ReferralFilterRequest {
  @ApiPropertyOptional({ enum: REFERRAL_DOORS })
  @IsOptional()
  @IsIn(REFERRAL_DOORS)
  door?: ReferralDoor;

  @ApiPropertyOptional({ description: 'A jurisdiction of the caller; another answers nothing' })
  @IsOptional()
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(DISTRICT_ID, { message: '$property must be a district id' })
  district?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Referred at or after' })
  @IsOptional()
  @IsInstant()
  referredFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Referred before' })
  @IsOptional()
  @IsInstant()
  referredTo?: string;
}
