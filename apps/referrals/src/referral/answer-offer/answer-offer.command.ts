import { ReferralEditCommand, type ReferralEditor } from '../referral-edit.js';
import type { AnswerOfferRequest } from './answer-offer.request.js';

/** The person's answer to the LEAD offer: a decline closes the referral (normal processing). */
export class AnswerOfferCommand extends ReferralEditCommand {
  constructor(
    referralId: string,
    readonly request: AnswerOfferRequest,
    editor: ReferralEditor,
    expectedRevision: number | undefined,
    correlationId: string,
  ) {
    super(referralId, editor, expectedRevision, correlationId);
  }
}
