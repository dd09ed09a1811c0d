import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { LIMITED_DATA_SET_FIELDS, type LimitedDataSetField } from '../limited-data-set-fields.js';

/** `POST /v1/data-use-agreements/:agreementId/fields`: the fields as the amended agreement allows them. */
export class AmendDataUseAgreementRequest {
  @ApiProperty({ enum: LIMITED_DATA_SET_FIELDS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITED_DATA_SET_FIELDS.length)
  @IsIn(LIMITED_DATA_SET_FIELDS, { each: true })
  fields!: LimitedDataSetField[];
}
