import type {
  ConsentExpiryTerms,
  EngagementLevel,
  LegalMatterKind,
  LiaisonDecision,
} from './participant-coordination.events.js';

export type ParticipantCoordinationCommand =
  | NoteCase
  | NoteConsent
  | NoteConsentRevoked
  | NoteIntake
  | NoteEngagement
  | NoteExit
  | NoteReenrolment
  | RecordLegalMatter
  | DecideLegalMatter
  | ReviewDeferral
  | DecideTermination;

/* What case management published, as the office notes it (received over the bus, idempotent). */

export interface NoteCase {
  type: 'NoteCase';
  caseId: string;
  participantId: string;
  jurisdiction: string;
  providerAgency: string;
  openedAt: string;
}

export interface NoteConsent {
  type: 'NoteConsent';
  jurisdiction: string;
  caseId: string;
  consentId: string;
  recipients: string[];
  scope: Array<'participation-status'>;
  purpose: string;
  signedAt: string;
  expiry: ConsentExpiryTerms;
}

export interface NoteConsentRevoked {
  type: 'NoteConsentRevoked';
  jurisdiction: string;
  consentId: string;
  recipients: string[] | 'all';
  revokedAt: string;
}

export interface NoteIntake {
  type: 'NoteIntake';
  jurisdiction: string;
  caseId: string;
  completedOn: string;
  deadlineMet: boolean | null;
}

export interface NoteEngagement {
  type: 'NoteEngagement';
  jurisdiction: string;
  caseId: string;
  level: EngagementLevel;
  changedOn: string;
}

export interface NoteExit {
  type: 'NoteExit';
  jurisdiction: string;
  caseId: string;
  reason: string;
  exitedAt: string;
}

export interface NoteReenrolment {
  type: 'NoteReenrolment';
  jurisdiction: string;
  caseId: string;
  reenrolledAt: string;
}

/** The office acting, with what the jurisdiction's configuration says of it (looked up by the handler). */
export interface ActingOffice {
  subject: string;
  agency: string;
  /** A `prosecutor`-kind agency of the jurisdiction (the protocol version in force). */
  isProsecutorOffice: boolean;
  /** The protocol's liaison prosecutor office (`liaison: true`). */
  isLiaison: boolean;
}

/**
 * A new arrest or charge, an older case or a warrant of the participant, as a prosecutor office records it: over
 * HTTP, or later from a justice-system import sending the same command. Codes, dates and ids only.
 */
export interface RecordLegalMatter {
  type: 'RecordLegalMatter';
  legalMatterId: string;
  participantId: string;
  jurisdiction: string;
  kind: LegalMatterKind;
  offenseCode: string | null;
  /** Whether `offenseCode` is in the offense catalogue of the jurisdiction's state (the handler looks it up). */
  offenseCatalogued: boolean;
  occurredOn: string;
  recordedBy: ActingOffice;
  /** The jurisdiction's local day of `at`. */
  today: string;
  at: string;
}

export interface DecideLegalMatter {
  type: 'DecideLegalMatter';
  legalMatterId: string;
  decision: LiaisonDecision;
  reasonCode: string;
  deferUntil: string | null;
  /** Defer only: the start of `deferUntil`'s local day, when the scheduler reviews it. */
  reviewAt: string | null;
  decidedBy: ActingOffice;
  today: string;
  at: string;
}

/** Fired by the scheduler for a deferral (timer payload), at the instant it was due. */
export interface ReviewDeferral {
  type: 'ReviewDeferral';
  legalMatterId: string;
  deferredUntil: string;
  at: string;
}

export interface DecideTermination {
  type: 'DecideTermination';
  criterionCode: string;
  /** The codes the protocol version in force lists (`terminationCriteria`), and that version. */
  adoptedCriteria: string[];
  protocolVersion: string;
  jurisdiction: string;
  decidedBy: ActingOffice;
  at: string;
}
