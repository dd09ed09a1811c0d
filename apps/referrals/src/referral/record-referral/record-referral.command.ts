import type { Actor } from '@lead/event-store';
import type { IdempotentRequest } from '@lead/platform';
import type { RecordReferralRequest } from './record-referral.request.js';

export interface RecordReferralResult {
  referralId: string;
  participantId: string;
  status: string;
  eligible: boolean;
  protocolVersion: string;
  revision: number;
  /** True when this answers a retry: the referral was recorded by an earlier request with the same key. */
  replayed: boolean;
}

/** An officer records a referral from the field. `actor` comes from the verified token. */
export class RecordReferralCommand {
  constructor(
    readonly request: RecordReferralRequest,
    readonly actor: Actor,
    readonly correlationId: string,
    /** The request's `Idempotency-Key`, when it had one: the referral's ids are derived from it. */
    readonly idempotency?: IdempotentRequest,
  ) {}
}
