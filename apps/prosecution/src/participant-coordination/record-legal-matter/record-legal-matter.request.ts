import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsPastDay } from '../past-day.js';
import { LEGAL_MATTER_KINDS, type LegalMatterKind } from '../participant-coordination.events.js';

/**
 * `POST /v1/participants/:participantId/legal-matters`: a prosecutor office records a new arrest or charge, an
 * older case or a warrant of the participant. Codes, dates and ids only: no narrative, no court case number (court
 * records are public and would identify the person), no informant. The recording office is the caller's agency.
 */
export class RecordLegalMatterRequest {
  @IsIn(LEGAL_MATTER_KINDS)
  kind!: LegalMatterKind;

  /** The jurisdiction the matter is recorded in (one of the caller's). */
  @ApiProperty({ example: 'denver' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,63}$/)
  jurisdiction!: string;

  /** A code of the offense catalogue of the jurisdiction's state (422 `offense_not_catalogued` otherwise). */
  @ApiProperty({ example: 'CO-18-4-401-PETTY', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  offenseCode?: string;

  /** The day of the arrest, the charge, the case or the warrant: `YYYY-MM-DD`, not in the future. */
  @ApiProperty({ example: '2027-01-10' })
  @IsPastDay()
  occurredOn!: string;
}
