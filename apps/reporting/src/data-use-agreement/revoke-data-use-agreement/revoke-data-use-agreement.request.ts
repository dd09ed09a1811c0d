import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REVOCATION_REASONS, type RevocationReason } from '../data-use-agreement.events.js';

/** `POST /v1/data-use-agreements/:agreementId/revocation`: why (a code, never free text). */
export class RevokeDataUseAgreementRequest {
  @ApiProperty({ enum: REVOCATION_REASONS })
  @IsIn(REVOCATION_REASONS)
  reason!: RevocationReason;
}
