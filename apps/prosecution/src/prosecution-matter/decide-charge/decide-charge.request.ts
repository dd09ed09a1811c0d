import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsIn, IsOptional, IsString } from 'class-validator';

export const CHARGE_DECISIONS = ['decline', 'file'] as const;
export const DECLINE_REASONS = ['prosecutorial_discretion', 'insufficient_evidence'] as const;

/**
 * `POST /v1/matters/:matterId/charge-decision`: the prosecutor declines or files a charge that is theirs to decide
 * (awaiting the decision after a disclosed intake, or released for ordinary processing). The prosecutor is the
 * caller (from the token), never a field; the reason is a code, never free text.
 */
export class DecideChargeRequest {
  @IsIn(CHARGE_DECISIONS)
  decision!: (typeof CHARGE_DECISIONS)[number];

  /** Why the charge is declined (a decline only; 422 `decline_reason_required` without, `decline_reason_not_allowed` with a filing). */
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  declineReason?: (typeof DECLINE_REASONS)[number];

  /** When the prosecutor decided, if not now (the server's clock). Not in the future, not before the arrest. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  decidedAt?: string;
}
