import { ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_DOORS, type ReferralDoor } from '@lead/jurisdictions';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { REFERRAL_STATUSES, type ReferralSummaryStatus } from '../../projections/referral-summary.entity.js';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `<referredAt, epoch milliseconds>_<referralId>`: where the previous page ended (newest first). */
export const CURSOR = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Query of `GET /v1/referrals`. Unknown parameters are refused (400), like unknown body fields. */
export class ListReferralsRequest {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralSummaryStatus;

  @ApiPropertyOptional({ enum: REFERRAL_DOORS })
  @IsOptional()
  @IsIn(REFERRAL_DOORS)
  door?: ReferralDoor;

  @ApiPropertyOptional({ description: 'A jurisdiction of the caller; another answers an empty list' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: '$property must be a district id' })
  district?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A participant's referrals (after merges: the surviving record's)" })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Referred at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  referredFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Referred before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  referredTo?: string;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: '$property must be a cursor returned as `next`' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
