import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsBoolean, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/aggrieved-party-agreement`. The aggrieved party's agreement, where the protocol in force requires it. */
export class RecordAggrievedPartyAgreementRequest {
  @IsBoolean()
  agreed!: boolean;

  /** When it happened in the field. */
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at!: string;
}
