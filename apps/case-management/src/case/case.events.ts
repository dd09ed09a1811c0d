import type { SealedValue } from '@lead/crypto/sealed-value';
import type {
  ContactKind,
  EngagementLevel,
  ExitReason,
  GoalDomain,
  ServiceConnectionStatus,
  ServiceType,
} from './case-vocabulary.js';
import type { HmisDestination } from './exit-destination.js';

export type { SealedValue } from '@lead/crypto/sealed-value';

/**
 * The events of a Case (stream `case-<caseId>`), version 1 each. Personal and clinical values (the intake place,
 * race, ethnicity and sex, assessment answers and scores, goal wording, contact notes and living situation, the
 * exit destination) are never here in clear: only values sealed with the participant's data key, so erasing the
 * participant shreds them. Codes, dates and staff ids are in clear: they are what the bus and the reports carry.
 */
export type CaseEvent =
  | CaseOpened
  | CaseManagerAssigned
  | IntakeCompleted
  | DemographicsRecorded
  | ConsentRecorded
  | ConsentRevoked
  | AssessmentRecorded
  | GoalAdded
  | GoalRevised
  | GoalAchieved
  | GoalSetAside
  | ServiceConnectionMade
  | ServiceConnectionStatusChanged
  | ContactLogged
  | EngagementChanged
  | CaseExited
  | CaseReenrolled
  | LegalMatterNoted;

/** Who did it: a staff id (the token's subject) and their agency. */
export interface Staff {
  subject: string;
  agency: string;
}

/** The program's rules for this case, fixed when it opened (a later configuration change does not rewrite it). */
export interface CaseTerms {
  /** The day intake is due by: the referral's day plus the protocol's `intakeDeadlineDays`. */
  intakeDueOn: string;
  /** Days without a successful contact after which engagement is `low`, then `inactive`. */
  lowAfterDays: number;
  inactiveAfterDays: number;
  /** The assessment instrument (id and version) whose schedule the case follows. */
  instrument: { id: string; version: string };
}

export interface CaseOpened extends CaseTerms {
  type: 'CaseOpened';
  caseId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  door: string;
  /** The provider agency whose case managers hold the case. */
  providerAgency: string;
  /** How the provider was chosen: the arriving case manager's agency, or the jurisdiction's provider rule. */
  providerFrom: 'hand_off' | 'provider_rule';
  referredAt: string;
  openedAt: string;
}

export interface CaseManagerAssigned {
  type: 'CaseManagerAssigned';
  caseManager: Staff;
  previous: Staff | null;
  by: Staff;
  at: string;
}

/** The psychosocial intake: one of the two things joining requires (the other is the release of information). */
export interface IntakeCompleted {
  type: 'IntakeCompleted';
  completedOn: string;
  /** Name, date of birth and phone as the participant gave them at intake. */
  identity: SealedValue;
  /** Where the intake took place (free text). */
  place: SealedValue;
  /** HMIS 3.04 race and ethnicity, HMIS 4.21 sex (FY2026), for the equity reports. */
  demographics: SealedValue;
  deadline: { due: string; met: boolean };
  /** Whether a release of information was signed by then (joining needs both). */
  releaseOfInformationSigned: boolean;
  by: Staff;
  at: string;
}

/**
 * The participant's demographics as recorded, for the equity reports: decided with `IntakeCompleted` (whose copy the
 * case record reads). Its own event so that it is published on its own, as `lead.case.demographics-recorded`, its
 * value still sealed with the participant's data key: the bus carries the ciphertext stored here, never the codes.
 */
export interface DemographicsRecorded {
  type: 'DemographicsRecorded';
  /** HMIS 3.04 race and ethnicity, HMIS 4.21 sex (`IntakeDemographics`), sealed with the participant's key. */
  demographics: SealedValue;
  by: Staff;
  at: string;
}

/** A consent's expiry (42 CFR 2.31(a)(6)): a date, or an event such as the end of participation. */
export type ConsentExpiry = { kind: 'date'; expiresAt: string } | { kind: 'event'; event: 'participation-ended' };

/** A signed consent to disclosure (42 CFR 2.31), with its required elements. Never edited: revoked by events. */
export interface ConsentRecorded {
  type: 'ConsentRecorded';
  consentId: string;
  recipients: string[];
  scope: string[];
  purpose: string;
  signedAt: string;
  expiry: ConsentExpiry;
  /** The participant was told of the right to revoke (§2.31(a)(7)); a consent without it is not recorded. */
  rightToRevokeExplained: true;
  by: Staff;
  at: string;
}

export interface ConsentRevoked {
  type: 'ConsentRevoked';
  consentId: string;
  /** Agencies whose permission ends, or `all`. */
  recipients: string[] | 'all';
  revokedAt: string;
  by: Staff;
  at: string;
}

export interface AssessmentRecorded {
  type: 'AssessmentRecorded';
  assessmentId: string;
  instrument: { id: string; version: string };
  occasion: string;
  completedOn: string;
  /** Item answers and domain scores: clinical. */
  answers: SealedValue;
  scores: SealedValue;
  by: Staff;
  at: string;
}

interface PlanChange {
  goalId: string;
  /** The plan's version after this change, and its active goals: what `lead.case.plan-updated` publishes. */
  planVersion: number;
  activeGoals: number;
  by: Staff;
  at: string;
}

export interface GoalAdded extends PlanChange {
  type: 'GoalAdded';
  domain: GoalDomain;
  /** The goal in the participant's words. */
  wording: SealedValue;
}

export interface GoalRevised extends PlanChange {
  type: 'GoalRevised';
  domain: GoalDomain;
  wording: SealedValue;
}

export interface GoalAchieved extends PlanChange {
  type: 'GoalAchieved';
}

export interface GoalSetAside extends PlanChange {
  type: 'GoalSetAside';
}

export interface ServiceConnectionMade {
  type: 'ServiceConnectionMade';
  connectionId: string;
  serviceType: ServiceType;
  /** The provider of the service (an organisation's name, free text). */
  provider: SealedValue;
  /** The service type's response time from now: an answer is due by then. */
  dueOn: string;
  by: Staff;
  at: string;
}

export interface ServiceConnectionStatusChanged {
  type: 'ServiceConnectionStatusChanged';
  connectionId: string;
  serviceType: ServiceType;
  status: ServiceConnectionStatus;
  previous: ServiceConnectionStatus;
  by: Staff;
  at: string;
}

export interface ContactLogged {
  type: 'ContactLogged';
  contactId: string;
  kind: ContactKind;
  successful: boolean;
  contactedAt: string;
  durationMinutes: number | null;
  /** HMIS 4.12 current living situation as seen at the contact, and the case manager's note. */
  observation: SealedValue | null;
  by: Staff;
  at: string;
}

export interface EngagementChanged {
  type: 'EngagementChanged';
  level: EngagementLevel;
  previous: EngagementLevel;
  /** Back from inactive. */
  reengaged: boolean;
  /** The instant the level changed: the contact, or the day count's end (fired by the scheduler). */
  changedAt: string;
}

export interface CaseExited {
  type: 'CaseExited';
  reason: ExitReason;
  /** HMIS 3.12. */
  destination: SealedValue;
  exitedAt: string;
  /** Staff of the provider; for a prosecutor's termination, the deciding prosecutor (`subject` their staff id). */
  by: Staff;
  at: string;
  /**
   * Only on an exit the prosecution service's `lead.prosecution.termination-decided` made (reason
   * `terminated_by_prosecutor_criteria`): the DA's criterion code and the message it came in, so its redelivery
   * exits nothing twice. Not published: `lead.case.exited` has no field for it.
   */
  termination?: { criterionCode: string; decisionId: string; protocolVersion: string };
}

/**
 * The liaison prosecutor coordinates a legal matter of the participant with the plan (`lead.prosecution.legal-matter-
 * coordinated`): its kind, status and day only, never an offense or a narrative.
 */
export interface LegalMatterNoted {
  type: 'LegalMatterNoted';
  legalMatterId: string;
  kind: LegalMatterKind;
  status: 'coordinate';
  since: string;
}

export type LegalMatterKind = 'new_arrest' | 'new_charge' | 'pre_existing_case' | 'warrant';

/** An exit undone: the participant is back in services, on the same case. */
export interface CaseReenrolled {
  type: 'CaseReenrolled';
  reenrolledAt: string;
  by: Staff;
  at: string;
}

export type { HmisDestination };
