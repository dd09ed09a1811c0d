import { AGENCY_ID, CONFIGURED_CODE } from '@lead/contracts';
import { CONSENT_EXPIRY_EVENTS, DISCLOSURE_SCOPES, type ConsentExpiryEvent, type DisclosureScope } from '@lead/access';
import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';

/**
 * `POST /v1/cases/:caseId/consents`: a signed consent to disclosure, with the 42 CFR 2.31 elements: recipients
 * (agencies), what may be disclosed (a named disclosure view), the purpose (a code), the signature date, the expiry
 * (a date, or an event: exactly one), and that the right to revoke was explained. No free text.
 */
export class RecordConsentRequest {
  @ApiProperty({ example: ['DPD', 'DDA'], type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(AGENCY_ID, { each: true, message: 'each of $property must be an agency code' })
  recipients!: string[];

  @ApiProperty({ example: ['participation-status'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DISCLOSURE_SCOPES, { each: true })
  scope!: DisclosureScope[];

  /** The purpose on the signed form, as a code. */
  @ApiProperty({ example: 'lead-diversion-coordination' })
  @IsString()
  @Matches(CONFIGURED_CODE, { message: '$property must be a code' })
  purpose!: string;

  @IsString()
  @IsInstant()
  @IsNotInFuture()
  signedAt!: string;

  /** The expiry date, when the consent expires on a date. */
  @IsOptional()
  @IsString()
  @IsInstant()
  expiresAt?: string;

  /** The event the consent expires on, when it expires on one. */
  @IsOptional()
  @IsIn(CONSENT_EXPIRY_EVENTS)
  expiresOn?: ConsentExpiryEvent;

  /** The participant was told they may revoke it (§2.31(a)(7)); false is refused. */
  @IsBoolean()
  rightToRevokeExplained!: boolean;
}
