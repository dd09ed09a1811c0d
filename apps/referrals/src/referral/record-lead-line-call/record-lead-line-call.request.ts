import { IsNotInFuture } from '@lead/platform';
import { IsISO8601, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/lead-line-call`. The officer's call to the LEAD line: the start of the warm hand-off. */
export class RecordLeadLineCallRequest {
  /** When it happened in the field. */
  @IsString()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  at!: string;
}
