import { AGENCY_ID } from '@lead/contracts';
import { IsInstant } from '@lead/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

/** Test-only: a signed consent to disclose participation status to some agencies. */
export class RecordConsentDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(AGENCY_ID, { each: true })
  recipients!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['participation-status'], { each: true })
  scope!: 'participation-status'[];

  @IsString()
  @Length(1, 64)
  purpose!: string;

  @IsInstant()
  signedAt!: string;

  @IsInstant()
  expiresAt!: string;
}

/** Test-only: revoke a consent, for some recipients or (none named) for all. */
export class RevokeConsentDto {
  @IsInstant()
  revokedAt!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @Matches(AGENCY_ID, { each: true })
  recipients?: string[];
}
