import type { SealedValue } from '@lead/crypto/sealed-value';
import type { ContactKind, ExitReason, GoalDomain, ServiceConnectionStatus, ServiceType } from './case-vocabulary.js';
import type { CaseTerms, ConsentExpiry, LegalMatterKind, Staff } from './case.events.js';

export type CaseCommand =
  | OpenCase
  | AssignCaseManager
  | CompleteIntake
  | RecordConsent
  | RevokeConsent
  | RecordAssessment
  | AddGoal
  | ReviseGoal
  | AchieveGoal
  | SetGoalAside
  | ConnectService
  | ChangeServiceConnectionStatus
  | LogContact
  | ReviewEngagement
  | ExitCase
  | Reenroll
  | NoteLegalMatter
  | ExitOnProsecutorCriteria;

/** From the referrals service's accepted referral (received over the bus). */
export interface OpenCase extends CaseTerms {
  type: 'OpenCase';
  caseId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  door: string;
  providerAgency: string;
  providerFrom: 'hand_off' | 'provider_rule';
  referredAt: string;
  openedAt: string;
}

/** Who sends a command from the API: the staff member, and whether their agency holds the case's provider role. */
interface ByStaff {
  by: Staff;
  /** When the command happened (an instant); the server's clock unless the request names one. */
  at: string;
  /**
   * The author reaches only the cases assigned to them (a case manager, not a supervisor): re-checked on every
   * decision, so a reassignment that commits first wins over a write decided on the case as it was.
   */
  assignedOnly?: boolean;
}

export interface AssignCaseManager extends ByStaff {
  type: 'AssignCaseManager';
  caseManager: Staff;
}

export interface CompleteIntake extends ByStaff {
  type: 'CompleteIntake';
  completedOn: string;
  identity: SealedValue;
  place: SealedValue;
  demographics: SealedValue;
}

export interface RecordConsent extends ByStaff {
  type: 'RecordConsent';
  consentId: string;
  recipients: string[];
  scope: string[];
  purpose: string;
  signedAt: string;
  expiry: ConsentExpiry;
  rightToRevokeExplained: boolean;
  /** The agencies of the case's jurisdiction (its protocol in force): a consent names only real recipients. */
  jurisdictionAgencies: string[];
}

export interface RevokeConsent extends ByStaff {
  type: 'RevokeConsent';
  consentId: string;
  /** Absent: every recipient. */
  recipients?: string[];
  revokedAt: string;
}

export interface RecordAssessment extends ByStaff {
  type: 'RecordAssessment';
  assessmentId: string;
  instrument: { id: string; version: string };
  occasion: string;
  completedOn: string;
  answers: SealedValue;
  scores: SealedValue;
}

export interface AddGoal extends ByStaff {
  type: 'AddGoal';
  goalId: string;
  domain: GoalDomain;
  wording: SealedValue;
}

export interface ReviseGoal extends ByStaff {
  type: 'ReviseGoal';
  goalId: string;
  domain: GoalDomain;
  wording: SealedValue;
}

export interface AchieveGoal extends ByStaff {
  type: 'AchieveGoal';
  goalId: string;
}

export interface SetGoalAside extends ByStaff {
  type: 'SetGoalAside';
  goalId: string;
}

export interface ConnectService extends ByStaff {
  type: 'ConnectService';
  connectionId: string;
  serviceType: ServiceType;
  provider: SealedValue;
  /** The service type's configured response time, in days. */
  responseDays: number;
}

export interface ChangeServiceConnectionStatus extends ByStaff {
  type: 'ChangeServiceConnectionStatus';
  connectionId: string;
  status: ServiceConnectionStatus;
}

export interface LogContact extends ByStaff {
  type: 'LogContact';
  contactId: string;
  kind: ContactKind;
  successful: boolean;
  contactedAt: string;
  durationMinutes: number | null;
  observation: SealedValue | null;
}

/** Fired by the scheduler at a day count's end: moves engagement to what the days since the last contact say. */
export interface ReviewEngagement {
  type: 'ReviewEngagement';
  at: string;
}

export interface ExitCase extends ByStaff {
  type: 'ExitCase';
  reason: ExitReason;
  destination: SealedValue;
  exitedAt: string;
  /** The jurisdiction's program says the prosecutor's office set termination criteria (San Luis Valley). */
  terminationCriteriaSet: boolean;
}

export interface Reenroll extends ByStaff {
  type: 'Reenroll';
  reenrolledAt: string;
}

/** From the prosecution service (`lead.prosecution.legal-matter-coordinated`): a system command, no staff. */
export interface NoteLegalMatter {
  type: 'NoteLegalMatter';
  legalMatterId: string;
  kind: LegalMatterKind;
  status: 'coordinate';
  since: string;
}

/**
 * From the prosecution service (`lead.prosecution.termination-decided`): the DA terminated the participant on one
 * of its criteria. A system command: the prosecutor decided, case management records the exit it implies.
 */
export interface ExitOnProsecutorCriteria {
  type: 'ExitOnProsecutorCriteria';
  /** The message's id: the same decision delivered again exits nothing twice. */
  decisionId: string;
  criterionCode: string;
  protocolVersion: string;
  decidedBy: Staff;
  decidedAt: string;
  /** HMIS 3.12 `30` (no exit interview completed), sealed: the prosecutor's decision asks no one. */
  destination: SealedValue;
  /** The jurisdiction's program says the prosecutor's office set termination criteria (San Luis Valley). */
  terminationCriteriaSet: boolean;
}
