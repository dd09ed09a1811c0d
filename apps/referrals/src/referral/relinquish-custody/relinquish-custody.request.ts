import { IsNotInFuture } from '@lead/platform';
import { IsISO8601, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/custody-relinquished`. Custody passes from the officer to the case manager on scene (arrest diversion). */
export class RelinquishCustodyRequest {
  /** When it happened in the field. */
  @IsString()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  at!: string;
}
