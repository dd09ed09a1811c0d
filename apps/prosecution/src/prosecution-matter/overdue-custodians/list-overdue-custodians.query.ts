import { Query } from '@nestjs/cqrs';
import type { RecordCustodian } from '../prosecution-matter.events.js';
import type { ListOverdueCustodiansRequest } from './list-overdue-custodians.request.js';

/** Who lists: the jurisdictions of the token (every query filters by them). */
export interface OverdueCustodiansLister {
  readonly jurisdictions: readonly string[];
}

/** A custodian that has not confirmed its sealing in time: codes and days only, nothing of the arrest or the person. */
export interface OverdueCustodian {
  matterId: string;
  jurisdiction: string;
  custodian: RecordCustodian;
  /** The day the arrest's records became sealable (the matter's `sealing.eligibleOn`), local. */
  sealableSince: string;
  /** The last day a confirmation was in time: `sealableSince` plus `SEALING_CONFIRMATION_DAYS`. */
  dueOn: string;
  /** Whole days from `dueOn` to today in the matter's time zone (1 on the day after it). */
  daysOverdue: number;
}

export interface OverdueCustodianPage {
  /** The longest overdue first (by `dueOn`, then matter and custodian). */
  custodians: OverdueCustodian[];
  /** Present when more may follow: pass it as `after`. */
  next?: string;
}

/** The overdue custodians of the sealable arrests in the caller's jurisdictions, from the sealing read model. */
export class ListOverdueCustodiansQuery extends Query<OverdueCustodianPage> {
  constructor(
    readonly filter: ListOverdueCustodiansRequest,
    readonly lister: OverdueCustodiansLister,
  ) {
    super();
  }
}
