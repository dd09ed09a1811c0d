import { AGENCY_ID, JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { IsInstant } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LIMITED_DATA_SET_FIELDS, type LimitedDataSetField } from '../limited-data-set-fields.js';

/** `POST /v1/data-use-agreements`: the agreement as signed. The admin recording it is the caller (the token). */
export class RecordDataUseAgreementRequest {
  @ApiProperty({ example: 'denver', description: 'A jurisdiction of the caller; another answers 404' })
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction!: string;

  @ApiProperty({ example: 'UW-EVAL', description: 'The evaluator’s agency (its tokens’ `agency`)' })
  @IsString()
  @Matches(AGENCY_ID, { message: '$property must be an agency code' })
  recipientAgency!: string;

  @ApiProperty({ example: 'Outcome evaluation of LEAD, 2026–2027 (IRB 2026-114)' })
  @IsString()
  @Length(1, 300)
  purpose!: string;

  @ApiProperty({ enum: LIMITED_DATA_SET_FIELDS, isArray: true, description: 'The limited data set’s fields it allows' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITED_DATA_SET_FIELDS.length)
  @IsIn(LIMITED_DATA_SET_FIELDS, { each: true })
  fields!: LimitedDataSetField[];

  @ApiProperty({ format: 'date-time', description: 'From this instant on, no export is made under it' })
  @IsInstant()
  expiresAt!: string;
}
