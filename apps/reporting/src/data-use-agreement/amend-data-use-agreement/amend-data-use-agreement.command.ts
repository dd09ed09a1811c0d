import type { AgreementChange } from '../agreement-change.js';
import type { AmendDataUseAgreementRequest } from './amend-data-use-agreement.request.js';

export class AmendDataUseAgreementCommand {
  constructor(
    readonly change: AgreementChange,
    readonly request: AmendDataUseAgreementRequest,
  ) {}
}
