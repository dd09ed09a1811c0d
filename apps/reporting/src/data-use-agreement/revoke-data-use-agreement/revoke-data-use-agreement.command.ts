import type { AgreementChange } from '../agreement-change.js';
import type { RevokeDataUseAgreementRequest } from './revoke-data-use-agreement.request.js';

export class RevokeDataUseAgreementCommand {
  constructor(
    readonly change: AgreementChange,
    readonly request: RevokeDataUseAgreementRequest,
  ) {}
}
