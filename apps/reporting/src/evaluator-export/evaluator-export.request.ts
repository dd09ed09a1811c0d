import { JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REPORTING_PERIOD_PATTERN } from '../reporting-period/reporting-period.js';
import { EXPORT_KINDS, type ExportKind } from './export-columns.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-format.js';

/** `GET /v1/exports/evaluator`: one jurisdiction of the caller, one closed period, a kind, a format. */
export class EvaluatorExportRequest {
  @ApiProperty({ example: 'denver', description: 'A jurisdiction of the caller; another answers 404' })
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction!: string;

  @ApiProperty({
    example: '2026-Q3',
    description: 'A closed month (2026-11), quarter (2026-Q4) or year (2026): the events that happened in it',
  })
  @IsString()
  @Matches(new RegExp(REPORTING_PERIOD_PATTERN), {
    message: '$property must be a month (2026-11), a quarter (2026-Q4) or a year (2026)',
  })
  period!: string;

  @ApiPropertyOptional({
    enum: EXPORT_KINDS,
    default: 'deidentified',
    description: 'De-identified (HIPAA safe harbor), or a limited data set under `agreementId`',
  })
  @IsOptional()
  @IsIn(EXPORT_KINDS)
  kind?: ExportKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The data-use agreement a limited data set is made under' })
  @IsOptional()
  @IsUUID()
  agreementId?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, description: 'Default: from `Accept`, else CSV' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
