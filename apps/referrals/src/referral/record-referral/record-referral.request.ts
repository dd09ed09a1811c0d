import { CONFIGURED_CODE, DISTRICT_ID, JURISDICTION_ID, JURISDICTION_ID_MAX_LENGTH } from '@lead/contracts';
import { IsInstant, IsNotInFuture } from '@lead/platform';
import { REFERRAL_DOORS, SUBSTANCE_FORMS, type ReferralDoor, type SubstanceForm } from '@lead/jurisdictions';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsMatchableName } from './is-matchable-name.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PersonRequest {
  @ApiProperty({ example: 'Marisol' })
  @IsString()
  @Length(1, 100)
  @Matches(/\p{L}/u, { message: '$property must contain a letter' })
  @IsMatchableName()
  givenName!: string;

  @ApiProperty({ example: "O'Connor-Vega" })
  @IsString()
  @Length(1, 100)
  @Matches(/\p{L}/u, { message: '$property must contain a letter' })
  @IsMatchableName()
  familyName!: string;

  @ApiProperty({ example: '1986-09-17' })
  @IsString()
  @Matches(ISO_DATE, { message: '$property must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  dateOfBirth!: string;

  @ApiProperty({ example: '1400 Pennsylvania St, Denver' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string;

  @ApiProperty({ example: '720-555-0142' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ().-]{7,20}$/, { message: '$property must be a phone number' })
  phone?: string;
}

export class OffenseRequest {
  /** An offense code of the jurisdiction's state catalogue, e.g. `CO-18-18-403.5`. */
  @ApiProperty({ example: 'CO-18-18-403.5' })
  @IsString()
  @Matches(CONFIGURED_CODE, { message: '$property must be an offense code' })
  code!: string;

  /** Free text, sealed with the participant's data key; never leaves this service. */
  @ApiProperty({ example: 'Observed holding a baggie of white powder outside 1400 Pennsylvania St' })
  @IsString()
  @Length(1, 4000)
  probableCause!: string;
}

export class DrugQuantityRequest {
  @IsIn(SUBSTANCE_FORMS)
  form!: SubstanceForm;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  grams!: number;
}

export class ViolentHistoryRequest {
  @ApiProperty({ example: 'robbery' })
  @IsString()
  @Matches(/^[a-z][a-z_]{0,39}$/, { message: '$property must be an offense category such as robbery' })
  category!: string;

  @IsInt()
  @Min(0)
  @Max(120)
  yearsAgo!: number;
}

/** The officer's screening answers: facts and judgement, no free text. Age comes from the date of birth. */
export class ScreeningRequest {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DrugQuantityRequest)
  drugQuantity?: DrugQuantityRequest | null;

  @ApiProperty({ example: false })
  @IsBoolean()
  deliveryForProfit!: boolean;

  @ApiProperty({ example: false })
  @IsBoolean()
  exploitingMinors!: boolean;

  @ApiProperty({ example: false })
  @IsBoolean()
  promotingProstitution!: boolean;

  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ViolentHistoryRequest)
  violentHistory!: ViolentHistoryRequest[];

  @ApiProperty({ example: false })
  @IsBoolean()
  activeProtectiveOrder!: boolean;

  @ApiProperty({ example: false })
  @IsBoolean()
  pendingTreatmentCourtCase!: boolean;

  @IsBoolean()
  amenable!: boolean;
}

/** `POST /v1/referrals`. The referrer is the caller (from the token), never a field. */
export class RecordReferralRequest {
  @IsIn(REFERRAL_DOORS)
  door!: ReferralDoor;

  @ApiProperty({ example: 'denver' })
  @IsString()
  @MaxLength(JURISDICTION_ID_MAX_LENGTH)
  @Matches(JURISDICTION_ID, { message: '$property must be a jurisdiction id such as denver' })
  jurisdiction!: string;

  @ApiProperty({ example: '6' })
  @IsString()
  @Matches(DISTRICT_ID, { message: '$property must be a district id' })
  district!: string;

  @IsString()
  @IsInstant()
  @IsNotInFuture()
  referredAt!: string;

  /** Coarse place (district-level area code), never an address. */
  @ApiProperty({ example: 'D6-CAPITOL-HILL' })
  @IsString()
  @Matches(DISTRICT_ID, { message: '$property must be an area code' })
  area!: string;

  /** Arrest diversion only. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OffenseRequest)
  offense?: OffenseRequest;

  /**
   * Arrest diversion only: whether an aggrieved party was present (never who). Required where the protocol asks for
   * the agreement of any aggrieved party present (Rochester/Monroe County); their agreement is then a step of the
   * referral (`POST /v1/referrals/:referralId/aggrieved-party-agreement`).
   */
  @ApiProperty({
    example: true,
    required: false,
    description:
      'Arrest diversion only: whether an aggrieved party was present (no name or contact details). Required where ' +
      "the protocol asks for the agreement of any aggrieved party present; then that party's agreement is a step.",
  })
  @IsOptional()
  @IsBoolean()
  aggrievedPartyPresent?: boolean;

  @IsObject()
  @ValidateNested()
  @Type(() => PersonRequest)
  person!: PersonRequest;

  @IsObject()
  @ValidateNested()
  @Type(() => ScreeningRequest)
  screening!: ScreeningRequest;
}
