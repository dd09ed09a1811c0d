import { IsInstant } from '@lead/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ACCESS_AUDIT_EVENT_TYPES, type AccessAuditEventType } from './access-audit-events.js';

/** Query of `GET /v1/audit/access-events`. */
export class AccessAuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reads of this participant only' })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({ description: 'Reads by, or refusals of, this subject (token `sub`)' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  subject?: string;

  @ApiPropertyOptional({ enum: ACCESS_AUDIT_EVENT_TYPES })
  @IsOptional()
  @IsIn(ACCESS_AUDIT_EVENT_TYPES)
  type?: AccessAuditEventType;

  @ApiPropertyOptional({ format: 'date-time', description: 'Recorded at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Recorded before' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,20}\/\d{1,20}$/, { message: '$property must be a cursor returned as `next`' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
