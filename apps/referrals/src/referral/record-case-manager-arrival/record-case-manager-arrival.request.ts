import { IsNotInFuture } from '@lead/platform';
import { IsISO8601, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/case-manager-arrival`. The case manager's arrival on scene; the case manager is the caller (from the token), never a field. */
export class RecordCaseManagerArrivalRequest {
  /** When it happened in the field. */
  @IsString()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  at!: string;
}
