import { ReferralEditCommand, type ReferralEditor } from '../referral-edit.js';
import type { RecordCaseManagerArrivalRequest } from './record-case-manager-arrival.request.js';

/** The case manager's arrival on scene; the case manager is the caller (from the token), never a field. */
export class RecordCaseManagerArrivalCommand extends ReferralEditCommand {
  constructor(
    referralId: string,
    readonly request: RecordCaseManagerArrivalRequest,
    editor: ReferralEditor,
    expectedRevision: number | undefined,
    correlationId: string,
  ) {
    super(referralId, editor, expectedRevision, correlationId);
  }
}
