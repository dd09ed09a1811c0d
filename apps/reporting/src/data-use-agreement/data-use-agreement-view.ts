import type { DataUseAgreementState } from './data-use-agreement.decider.js';
import { hasExpired } from './data-use-agreement.decider.js';
import type { RevocationReason } from './data-use-agreement.events.js';
import type { LimitedDataSetField } from './limited-data-set-fields.js';

/** An agreement as its parties and auditors read it; `status` is judged at the instant of the answer. */
export interface DataUseAgreementView {
  agreementId: string;
  jurisdiction: string;
  recipientAgency: string;
  purpose: string;
  fields: LimitedDataSetField[];
  expiresAt: string;
  recordedAt: string;
  status: 'in_force' | 'expired' | 'revoked';
  revoked: { reason: RevocationReason; at: string } | null;
}

export function agreementViewOf(state: DataUseAgreementState, now: Date): DataUseAgreementView | undefined {
  if (state.status === 'none') return undefined;
  const { terms } = state;
  return {
    ...terms,
    status: state.status === 'revoked' ? 'revoked' : hasExpired(terms, now) ? 'expired' : 'in_force',
    revoked: state.status === 'revoked' ? state.revoked : null,
  };
}
