import { IsNotInFuture } from '@lead/platform';
import { IsBoolean, IsISO8601, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/aggrieved-party-agreement`. The aggrieved party's agreement, where the protocol in force requires it. */
export class RecordAggrievedPartyAgreementRequest {
  @IsBoolean()
  agreed!: boolean;

  /** When it happened in the field. */
  @IsString()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  at!: string;
}
