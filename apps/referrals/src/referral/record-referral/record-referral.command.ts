import type { Actor } from '@lead/event-store';
import type { RecordReferralRequest } from './record-referral.request.js';

export interface RecordReferralResult {
  referralId: string;
  participantId: string;
  status: string;
  eligible: boolean;
  protocolVersion: string;
  revision: number;
}

/** An officer records a referral from the field. `actor` comes from the verified token. */
export class RecordReferralCommand {
  constructor(
    readonly request: RecordReferralRequest,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}
