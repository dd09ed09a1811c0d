import { AGENCY_ID } from '@lead/contracts';
import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Matches } from 'class-validator';

/** `POST /v1/cases/:caseId/consents/:consentId/revocation`: revoked for some recipients, or (none named) for all. */
export class RevokeConsentRequest {
  @ApiProperty({ example: ['DDA'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(AGENCY_ID, { each: true, message: 'each of $property must be an agency code' })
  recipients?: string[];

  /** From when; now when absent. After the signature, and not ahead: a revocation holds from when it is made. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  revokedAt?: string;
}
