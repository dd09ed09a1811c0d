import { ReferralEditCommand, type ReferralEditor } from '../referral-edit.js';
import type { RelinquishCustodyRequest } from './relinquish-custody.request.js';

/** Custody passes from the officer to the case manager on scene (arrest diversion). */
export class RelinquishCustodyCommand extends ReferralEditCommand {
  constructor(
    referralId: string,
    readonly request: RelinquishCustodyRequest,
    editor: ReferralEditor,
    expectedRevision: number | undefined,
    correlationId: string,
  ) {
    super(referralId, editor, expectedRevision, correlationId);
  }
}
