import { ReferralEditCommand, type ReferralEditor } from '../referral-edit.js';
import type { RecordLeadLineCallRequest } from './record-lead-line-call.request.js';

/** The officer's call to the LEAD line: the start of the warm hand-off. */
export class RecordLeadLineCallCommand extends ReferralEditCommand {
  constructor(
    referralId: string,
    readonly request: RecordLeadLineCallRequest,
    editor: ReferralEditor,
    expectedRevision: number | undefined,
    correlationId: string,
  ) {
    super(referralId, editor, expectedRevision, correlationId);
  }
}
