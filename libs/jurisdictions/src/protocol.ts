/**
 * A jurisdiction's diversion protocol, one adopted version of it. Adopted by the jurisdiction's
 * Policy Coordinating Group and dated: every screening records the version it applied, and a
 * later version never re-screens an earlier referral.
 */
export interface Protocol {
  jurisdiction: string;
  name: string;
  /** The US state whose offense codes the protocol cites (e.g. `CO`). */
  state: string;
  /** Version id, unique within the jurisdiction, e.g. `2024-01`. */
  version: string;
  /** First instant (UTC date) the version governs referrals. */
  effectiveFrom: string;
  /** The Policy Coordinating Group that adopted the version, as the file names it. */
  adoptedBy: string;
  /** The day the group adopted it (UTC date, not after `effectiveFrom`), when the file says. */
  adoptedOn?: string;
  districts: District[];
  agencies: Agency[];
  doors: Record<ReferralDoor, Door>;
  divertibleOffenses: string[];
  exclusions: Exclusions;
  intakeDeadlineDays: number;
  aggrievedPartyAgreementRequired: boolean;
  /** Whether a prosecutor's eligibility decision is required before an arrest diversion is accepted. */
  prosecutorReviewRequired: boolean;
  handOffTargetMinutes: number;
  sealing: SealingRule;
  unitCosts: UnitCosts;
  /**
   * Paths of values that are not published by the program and were chosen as reasonable
   * defaults; a deployer replaces them with the jurisdiction's adopted figures.
   */
  unpublished: string[];
}

export const REFERRAL_DOORS = ['arrest_diversion', 'social_contact', 'community'] as const;
export type ReferralDoor = (typeof REFERRAL_DOORS)[number];

export const AGENCY_KINDS = [
  'police',
  'prosecutor',
  'provider',
  'program_admin',
  'community_partner',
  'court',
  'jail',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface District {
  id: string;
  name: string;
}

export interface Agency {
  id: string;
  kind: AgencyKind;
  name: string;
  /** The prosecutor office whose liaison coordinates charges with intervention plans. */
  liaison?: boolean;
}

export interface Door {
  open: boolean;
  /** Agencies whose staff may refer through this door (none when the door is closed). */
  referrers: string[];
}

export const SUBSTANCE_FORMS = [
  'powder',
  'crack',
  'heroin',
  'fentanyl',
  'methamphetamine',
  'prescription_pills',
  'other',
] as const;
export type SubstanceForm = (typeof SUBSTANCE_FORMS)[number];

export interface Exclusions {
  /** Grams above which possession is excluded, per substance form; a form left out has no limit. */
  drugQuantityGrams: Partial<Record<SubstanceForm, number>>;
  /** Delivery, or possession with intent to deliver, for profit above subsistence level. */
  deliveryForProfit: boolean;
  exploitingMinors: boolean;
  promotingProstitution: boolean;
  minimumAge: number;
  violentHistory: { lookBackYears: number; offenseCategories: string[] } | null;
  activeProtectiveOrder: boolean;
  pendingTreatmentCourtCase: boolean;
  /** The officer's recorded judgement that the person is amenable to diversion is required. */
  amenabilityRequired: boolean;
}

export interface SealingRule {
  /** What the law allows, in a sentence a record custodian recognises. */
  rule: string;
  authority: string;
  /** Days of participation (or since the decision not to file) after which sealing may be requested. */
  eligibleAfterDays: number;
  custodians: Array<'police' | 'prosecutor' | 'court' | 'jail'>;
}

export interface UnitCosts {
  currency: 'USD';
  jailDay: number;
  booking: number;
  officerHour: number;
  prosecution: number;
  emergencyDepartmentVisit: number;
  caseManagementParticipantMonth: number;
}
