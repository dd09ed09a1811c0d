import type { AccessContext } from '@lead/access';
import type { DataUseAgreementView } from '../data-use-agreement-view.js';
import type { RecordDataUseAgreementRequest } from './record-data-use-agreement.request.js';

export interface DataUseAgreementResult {
  agreement: DataUseAgreementView;
  revision: number;
}

export class RecordDataUseAgreementCommand {
  constructor(
    readonly request: RecordDataUseAgreementRequest,
    readonly caller: AccessContext,
    readonly correlationId: string,
  ) {}
}
