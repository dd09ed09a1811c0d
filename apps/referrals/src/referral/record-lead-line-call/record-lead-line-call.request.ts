import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/lead-line-call`. The officer's call to the LEAD line: the start of the warm hand-off. */
export class RecordLeadLineCallRequest {
  /** When it happened in the field. */
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at!: string;
}
