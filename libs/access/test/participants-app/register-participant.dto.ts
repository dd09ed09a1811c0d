import { JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class AddressDto {
  @IsString()
  @Length(1, 120)
  line1!: string;

  @IsString()
  @Length(1, 60)
  city!: string;

  @IsOptional()
  @Matches(/^\d{5}$/)
  postalCode?: string;
}

/** Test-only: a participant's identity, as a service would take it in. */
export class RegisterParticipantDto {
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID)
  jurisdiction!: string;

  @IsString()
  @Length(1, 120)
  name!: string;

  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth!: string;

  // @ValidateNested() alone lets a missing address or an array through; @IsObject() requires the object.
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @IsOptional()
  @Matches(/^[0-9+() -]{7,20}$/)
  phone?: string;

  @IsOptional()
  @IsIn(['american-indian', 'asian', 'black', 'pacific-islander', 'white', 'multiple', 'unknown'])
  race?: string;

  @IsOptional()
  @IsString()
  @Length(1, 20)
  district?: string;
}
