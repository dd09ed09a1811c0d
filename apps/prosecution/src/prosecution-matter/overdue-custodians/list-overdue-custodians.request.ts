import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { RECORD_CUSTODIANS } from '../confirm-sealing/confirm-sealing.request.js';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `<dueOn>_<matterId>_<custodian>`: where the previous page ended (the longest overdue first). */
export const CURSOR =
  /^(\d{4}-\d{2}-\d{2})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(police|prosecutor|court|jail)$/;

/** Query of `GET /v1/sealing/overdue-custodians`. Unknown parameters are refused (400), like unknown body fields. */
export class ListOverdueCustodiansRequest {
  @ApiPropertyOptional({ enum: RECORD_CUSTODIANS, description: 'One custodian kind only' })
  @IsOptional()
  @IsIn(RECORD_CUSTODIANS)
  custodian?: (typeof RECORD_CUSTODIANS)[number];

  @ApiPropertyOptional({ description: "One of the caller's jurisdictions only", example: 'denver' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: '$property must be a jurisdiction id' })
  jurisdiction?: string;

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
