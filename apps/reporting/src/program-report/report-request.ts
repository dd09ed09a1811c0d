import { JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { IsInstant } from '@lead/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REPORTING_PERIOD_PATTERN } from '../reporting-period/reporting-period.js';

/** The query of every report: one jurisdiction of the caller, one fixed period, and optionally an instant. */
export class ReportRequest {
  @ApiProperty({ example: 'denver', description: 'A jurisdiction of the caller; another answers 404' })
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction!: string;

  @ApiProperty({
    example: '2026-Q3',
    description: 'A month (2026-11), a quarter (2026-Q4) or a year (2026), in the jurisdiction’s local days',
  })
  @IsString()
  @Matches(new RegExp(REPORTING_PERIOD_PATTERN), {
    message: '$property must be a month (2026-11), a quarter (2026-Q4) or a year (2026)',
  })
  period!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Answer as the system knew it then: only events recorded by this instant count. Program admins only. ' +
      'Default: now.',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
