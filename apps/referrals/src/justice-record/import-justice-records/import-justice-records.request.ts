import { JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Query of `POST /v1/justice-imports`. Unknown parameters are refused (400). */
export class ImportJusticeRecordsRequest {
  @ApiProperty({ description: 'A jurisdiction of the caller; another answers 404', example: 'denver' })
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction!: string;

  @ApiProperty({
    format: 'date',
    description:
      'The last day the extract is complete through (YYYY-MM-DD, not after today): no row may be dated later, and ' +
      'comparison people not re-arrested by then are censored on it',
    example: '2025-06-30',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date, YYYY-MM-DD' })
  coveredThrough!: string;
}
