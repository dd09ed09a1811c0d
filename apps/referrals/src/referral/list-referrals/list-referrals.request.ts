import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { REFERRAL_STATUSES, type ReferralSummaryStatus } from '../../projections/referral-summary.entity.js';
import { ReferralFilterRequest } from '../referral-filter.request.js';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `<referredAt, epoch milliseconds>_<referralId>`: where the previous page ended (newest first). */
export const CURSOR = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Query of `GET /v1/referrals`. Unknown parameters are refused (400), like unknown body fields. */
export class ListReferralsRequest extends ReferralFilterRequest {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralSummaryStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "A participant's referrals (after merges: the surviving record's)",
  })
  @IsOptional()
  @IsUUID()
  participantId?: string;

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
