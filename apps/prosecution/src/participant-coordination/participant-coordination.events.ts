/**
 * The events of a participant's coordination with the prosecutor's office (stream `coordination-<participantId>`),
 * version 1 each: the legal matters a prosecutor office recorded (a new arrest or charge, an older case, a warrant),
 * the liaison's decisions on them, the District Attorney's termination decisions, and what case management
 * published about the participant's cases (consents, intake, engagement, exit) so that the office applies the same
 * consent rules case management does. Codes, dates and ids only: no narrative, no court case number, no informant.
 */
export type ParticipantCoordinationEvent =
  | CaseNoted
  | ConsentNoted
  | ConsentRevocationNoted
  | IntakeNoted
  | EngagementNoted
  | ExitNoted
  | ReenrolmentNoted
  | LegalMatterRecorded
  | LegalMatterDecided
  | DeferralCameDue
  | TerminationDecided;

export const LEGAL_MATTER_KINDS = ['new_arrest', 'new_charge', 'pre_existing_case', 'warrant'] as const;
export type LegalMatterKind = (typeof LEGAL_MATTER_KINDS)[number];

export const LIAISON_DECISIONS = ['decline', 'defer', 'file', 'coordinate'] as const;
export type LiaisonDecision = (typeof LIAISON_DECISIONS)[number];

export const ENGAGEMENT_LEVELS = ['engaged', 'low', 'inactive'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

/** Who acted: a prosecutor's staff id (the token's subject) and office, or the service for what came over the bus. */
export interface ActingStaff {
  subject: string;
  agency: string;
}

/** Case management opened a case of the participant (`lead.case.opened`). */
export interface CaseNoted {
  type: 'CaseNoted';
  caseId: string;
  participantId: string;
  jurisdiction: string;
  providerAgency: string;
  openedAt: string;
}

export type ConsentExpiryTerms = { kind: 'date'; expiresAt: string } | { kind: 'event'; event: 'participation-ended' };

/** A consent case management recorded (`lead.case.consent-recorded`): its terms, as the consent rules need them. */
export interface ConsentNoted {
  type: 'ConsentNoted';
  caseId: string;
  consentId: string;
  recipients: string[];
  scope: Array<'participation-status'>;
  purpose: string;
  signedAt: string;
  expiry: ConsentExpiryTerms;
}

export interface ConsentRevocationNoted {
  type: 'ConsentRevocationNoted';
  consentId: string;
  recipients: string[] | 'all';
  revokedAt: string;
}

export interface IntakeNoted {
  type: 'IntakeNoted';
  caseId: string;
  completedOn: string;
  /** Whether intake met the held charge's deadline; null where no deadline ran (no arrest diversion). */
  deadlineMet: boolean | null;
}

export interface EngagementNoted {
  type: 'EngagementNoted';
  caseId: string;
  level: EngagementLevel;
  changedOn: string;
}

export interface ExitNoted {
  type: 'ExitNoted';
  caseId: string;
  reason: string;
  exitedAt: string;
}

export interface ReenrolmentNoted {
  type: 'ReenrolmentNoted';
  caseId: string;
  reenrolledAt: string;
}

/** A prosecutor office (or, later, a justice-system import in its name) recorded a legal matter of the participant. */
export interface LegalMatterRecorded {
  type: 'LegalMatterRecorded';
  legalMatterId: string;
  participantId: string;
  jurisdiction: string;
  kind: LegalMatterKind;
  /** A code of the state's offense catalogue; null for a warrant or a case recorded without one. */
  offenseCode: string | null;
  /** The day of the arrest, the charge, the case or the warrant. */
  occurredOn: string;
  recordingOffice: string;
  recordedBy: ActingStaff;
  /** The jurisdiction's local day it was recorded, and the instant. */
  recordedOn: string;
  recordedAt: string;
}

/**
 * The liaison prosecutor's decision, with a reason code: decline, file, coordinate with the plan, or defer until a
 * day (reviewed by the durable scheduler at the start of that local day).
 */
export interface LegalMatterDecided {
  type: 'LegalMatterDecided';
  legalMatterId: string;
  /** The matter's kind, repeated so that the published coordination is a function of this event alone. */
  kind: LegalMatterKind;
  decision: LiaisonDecision;
  reasonCode: string;
  /** Defer only: the day the matter comes back for a decision, and the instant the review is due. */
  deferredUntil: string | null;
  reviewAt: string | null;
  decidedBy: ActingStaff;
  /** The jurisdiction's local day of the decision. */
  decidedOn: string;
  at: string;
}

/** A deferral came due: the matter is open for a decision again. */
export interface DeferralCameDue {
  type: 'DeferralCameDue';
  legalMatterId: string;
  deferredUntil: string;
  at: string;
}

/** A prosecutor office terminated the participant on one of the DA's adopted criteria (protocol version named). */
export interface TerminationDecided {
  type: 'TerminationDecided';
  criterionCode: string;
  protocolVersion: string;
  decidedBy: ActingStaff;
  at: string;
}
