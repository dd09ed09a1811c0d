import { JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { IsInstant } from '@lead/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `GET /v1/audit/evaluator-exports`: the caller's jurisdictions, or one of them; optionally a window. */
export class ExportAuditRequest {
  @ApiPropertyOptional({ example: 'denver', description: 'One of the caller’s jurisdictions; another answers 404' })
  @IsOptional()
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Started at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Started before' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
