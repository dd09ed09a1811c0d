import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/case-manager-arrival`. The case manager's arrival on scene; the case manager is the caller (from the token), never a field. */
export class RecordCaseManagerArrivalRequest {
  /** When it happened in the field. */
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at!: string;
}
