import type { DecidingProsecutor } from '../decide-eligibility/decide-eligibility.command.js';
import type { MatterRecord } from '../get-matter/matter-record.js';
import type { DecideChargeRequest } from './decide-charge.request.js';

export interface DecideChargeResult {
  record: MatterRecord;
  revision: number;
}

/** A prosecutor's decision on a matter's charge; `expectedRevision` from `If-Match`, when sent. */
export class DecideChargeCommand {
  constructor(
    readonly matterId: string,
    readonly request: DecideChargeRequest,
    readonly prosecutor: DecidingProsecutor,
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
