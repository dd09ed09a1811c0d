import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

/** Test-only: a signed consent to disclose participation status to some agencies. */
export class RecordConsentDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { each: true })
  recipients!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['participation-status'], { each: true })
  scope!: 'participation-status'[];

  @IsString()
  @Length(1, 64)
  purpose!: string;

  @IsISO8601({ strict: true })
  signedAt!: string;

  @IsISO8601({ strict: true })
  expiresAt!: string;
}

/** Test-only: revoke a consent, for some recipients or (none named) for all. */
export class RevokeConsentDto {
  @IsISO8601({ strict: true })
  revokedAt!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { each: true })
  recipients?: string[];
}
