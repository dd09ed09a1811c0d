import type { Principal } from '@lead/access';
import type { Actor } from '@lead/event-store';
import type { MatterReader } from '../get-matter/get-matter.query.js';
import type { MatterRecord } from '../get-matter/matter-record.js';
import type { DecideEligibilityRequest } from './decide-eligibility.request.js';

/** The deciding prosecutor, as the access layer established them. */
export interface DecidingProsecutor extends MatterReader {
  readonly principal: Pick<Principal, 'subject' | 'agency'>;
  readonly actor: Actor;
}

export interface DecideEligibilityResult {
  record: MatterRecord;
  revision: number;
}

/** A prosecutor's eligibility decision on a matter; `expectedRevision` from `If-Match`, when sent. */
export class DecideEligibilityCommand {
  constructor(
    readonly matterId: string,
    readonly request: DecideEligibilityRequest,
    readonly prosecutor: DecidingProsecutor,
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
