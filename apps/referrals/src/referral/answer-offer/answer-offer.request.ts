import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsBoolean, IsString } from 'class-validator';

/** `POST /v1/referrals/:referralId/offer-answer`. The person's answer to the LEAD offer: a decline closes the referral (normal processing). */
export class AnswerOfferRequest {
  @IsBoolean()
  accepted!: boolean;

  /** When it happened in the field. */
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  at!: string;
}
