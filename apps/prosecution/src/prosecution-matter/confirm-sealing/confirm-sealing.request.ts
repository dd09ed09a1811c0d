import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';

export const RECORD_CUSTODIANS = ['police', 'prosecutor', 'court', 'jail'] as const;

/**
 * `POST /v1/matters/:matterId/sealing-confirmations`: a custodian sealed its records of the arrest, recorded by a
 * prosecutor's office. The recorder is the caller (from the token); no record number or content travels.
 */
export class ConfirmSealingRequest {
  @IsIn(RECORD_CUSTODIANS)
  custodian!: (typeof RECORD_CUSTODIANS)[number];

  /** The day the custodian sealed (YYYY-MM-DD): not before sealing became possible, not after today. */
  @ApiProperty({ example: '2027-01-15' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a day, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: '$property must be a calendar day' })
  sealedOn!: string;
}
