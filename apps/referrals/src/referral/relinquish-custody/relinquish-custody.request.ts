import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/custody-relinquished`. Custody passes from the officer to the case manager on scene (arrest diversion). */
export class RelinquishCustodyRequest {
  /** When it happened in the field. */
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at!: string;
}
