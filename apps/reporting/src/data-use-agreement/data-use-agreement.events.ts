import type { LimitedDataSetField } from './limited-data-set-fields.js';

/**
 * A program admin recorded a data-use agreement: the recipient agency (an evaluator's), the purpose, the fields of
 * the limited data set it may receive, and when it expires. Stream `datauseagreement-<agreementId>`.
 */
export interface DataUseAgreementRecorded {
  type: 'DataUseAgreementRecorded';
  agreementId: string;
  jurisdiction: string;
  recipientAgency: string;
  purpose: string;
  fields: LimitedDataSetField[];
  expiresAt: string;
  recordedAt: string;
}

/** The agreement's fields were amended (a narrower or a wider list, as the parties signed it). */
export interface DataUseAgreementFieldsAmended {
  type: 'DataUseAgreementFieldsAmended';
  fields: LimitedDataSetField[];
  amendedAt: string;
}

export const REVOCATION_REASONS = ['recipient_breach', 'study_ended', 'superseded', 'program_decision'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** The agreement was revoked: no export is made under it from then on. */
export interface DataUseAgreementRevoked {
  type: 'DataUseAgreementRevoked';
  reason: RevocationReason;
  revokedAt: string;
}

export type DataUseAgreementEvent = DataUseAgreementRecorded | DataUseAgreementFieldsAmended | DataUseAgreementRevoked;
