import type { Role, ScopedRecord } from '@lead/access';
import { Query } from '@nestjs/cqrs';
import type { ReferralRecord } from './referral-record.js';

/** Who reads a referral: the access context's acting role, agency and scope check. */
export interface ReferralReader {
  readonly role: Role;
  readonly principal: { readonly agency: string };
  visible<T extends ScopedRecord>(record: T | undefined): T;
}

export interface GetReferralResult {
  record: ReferralRecord;
  /** The stream's revision, answered as the `ETag` a following edit sends back in `If-Match`. */
  revision: number;
}

/** One referral's workflow status, fresh from its stream. */
export class GetReferralQuery extends Query<GetReferralResult> {
  constructor(
    readonly referralId: string,
    readonly reader: ReferralReader,
  ) {
    super();
  }
}
