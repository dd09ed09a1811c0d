import { ReferralEditCommand, type ReferralEditor } from '../referral-edit.js';
import type { RecordAggrievedPartyAgreementRequest } from './record-aggrieved-party-agreement.request.js';

/** The aggrieved party's agreement, where the protocol in force requires it. */
export class RecordAggrievedPartyAgreementCommand extends ReferralEditCommand {
  constructor(
    referralId: string,
    readonly request: RecordAggrievedPartyAgreementRequest,
    editor: ReferralEditor,
    expectedRevision: number | undefined,
    correlationId: string,
  ) {
    super(referralId, editor, expectedRevision, correlationId);
  }
}
