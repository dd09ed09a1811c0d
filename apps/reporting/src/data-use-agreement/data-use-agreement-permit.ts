import { hasExpired, type DataUseAgreementState } from './data-use-agreement.decider.js';
import type { LimitedDataSetField } from './limited-data-set-fields.js';

/** Why a limited data set is refused: each answers 403 with this code. */
export type AgreementRefusal =
  | 'data_use_agreement_missing'
  | 'data_use_agreement_other_jurisdiction'
  | 'data_use_agreement_foreign_recipient'
  | 'data_use_agreement_revoked'
  | 'data_use_agreement_expired';

export type AgreementPermit =
  { granted: true; agreementId: string; fields: LimitedDataSetField[] } | { granted: false; refusal: AgreementRefusal };

/**
 * Whether an agreement lets `recipientAgency` receive a limited data set of `jurisdiction` at `at`, and which fields.
 * Pure. The recipient is checked before the agreement's status, so another agency learns nothing of an agreement
 * that is not its own beyond "not yours".
 */
export function agreementPermit(
  state: DataUseAgreementState,
  request: { jurisdiction: string; recipientAgency: string; at: Date },
): AgreementPermit {
  if (state.status === 'none') return { granted: false, refusal: 'data_use_agreement_missing' };
  const { terms } = state;
  if (terms.jurisdiction !== request.jurisdiction)
    return { granted: false, refusal: 'data_use_agreement_other_jurisdiction' };
  if (terms.recipientAgency !== request.recipientAgency)
    return { granted: false, refusal: 'data_use_agreement_foreign_recipient' };
  if (state.status === 'revoked') return { granted: false, refusal: 'data_use_agreement_revoked' };
  if (hasExpired(terms, request.at)) return { granted: false, refusal: 'data_use_agreement_expired' };
  return { granted: true, agreementId: terms.agreementId, fields: terms.fields };
}
