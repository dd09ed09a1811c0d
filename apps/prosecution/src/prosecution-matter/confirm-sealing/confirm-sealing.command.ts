import type { DecidingProsecutor } from '../decide-eligibility/decide-eligibility.command.js';
import type { MatterRecord } from '../get-matter/matter-record.js';
import type { ConfirmSealingRequest } from './confirm-sealing.request.js';

export interface ConfirmSealingResult {
  record: MatterRecord;
  revision: number;
}

/** A custodian's sealing of the arrest's records, recorded by a prosecutor; `expectedRevision` from `If-Match`. */
export class ConfirmSealingCommand {
  constructor(
    readonly matterId: string,
    readonly request: ConfirmSealingRequest,
    readonly prosecutor: DecidingProsecutor,
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
