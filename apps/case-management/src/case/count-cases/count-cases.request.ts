import { AGENCY_ID, JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Which cases a count or a rate covers: the query parameters of `GET /v1/cases/counts` and `/follow-up-rate`. */
export class CaseFilterRequest {
  @ApiPropertyOptional({ description: 'A jurisdiction of the caller; another answers nothing' })
  @IsOptional()
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction?: string;

  @ApiPropertyOptional({ description: 'A provider agency', example: 'ARTS' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID, { message: '$property must be an agency id' })
  provider?: string;
}

/** Query of `GET /v1/cases/counts`. Unknown parameters are refused (400). */
export class CountCasesRequest extends CaseFilterRequest {}
