import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

/** `POST /v1/matters/:matterId/eligibility-decision`. The prosecutor is the caller (from the token), never a field. */
export class DecideEligibilityRequest {
  /** The eligibility that stands after the decision: confirms or overrides the officer's screening. */
  @IsBoolean()
  eligible!: boolean;

  /**
   * Why, as a code of the prosecutor's office (`meets_protocol`, `pending_felony`): lower-case letters, digits and
   * `_`. A code that is not one (a sentence) is refused with 422 `reason_code_invalid`: free text never travels.
   */
  @ApiProperty({ example: 'meets_protocol' })
  @IsString()
  @Length(1, 64)
  reasonCode!: string;

  /** When the prosecutor decided, if not now (the server's clock). Not in the future, not before the arrest. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  decidedAt?: string;
}
