import type { AccessContext } from '@lead/access';

/** A case manager or supervisor reads a participant's case. */
export class GetCaseQuery {
  constructor(
    readonly caseId: string,
    readonly reader: AccessContext,
  ) {}
}
