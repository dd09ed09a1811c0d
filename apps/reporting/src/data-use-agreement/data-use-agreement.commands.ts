import type { RevocationReason } from './data-use-agreement.events.js';
import type { LimitedDataSetField } from './limited-data-set-fields.js';

/** Time arrives in the command (`at`): the decider reads no clock. */
export interface RecordDataUseAgreement {
  type: 'RecordDataUseAgreement';
  agreementId: string;
  jurisdiction: string;
  recipientAgency: string;
  purpose: string;
  fields: LimitedDataSetField[];
  expiresAt: string;
  at: string;
}

export interface AmendDataUseAgreementFields {
  type: 'AmendDataUseAgreementFields';
  fields: LimitedDataSetField[];
  at: string;
}

export interface RevokeDataUseAgreement {
  type: 'RevokeDataUseAgreement';
  reason: RevocationReason;
  at: string;
}

export type DataUseAgreementCommand = RecordDataUseAgreement | AmendDataUseAgreementFields | RevokeDataUseAgreement;
