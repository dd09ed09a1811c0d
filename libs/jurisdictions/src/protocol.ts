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
  /**
   * The IANA time zone the program's days are counted in (e.g. `America/Denver`). Versions before 2026-12 leave it
   * out; `JurisdictionRegistry.timeZoneOf` answers for them from a later version (a place does not move).
   */
  timeZone?: string;
  /**
   * What a disclosed intake within the deadline does to the held charge. Left out means
   * `await_prosecutor_decision`: read it with `afterIntakeOf`.
   */
  afterIntake?: AfterIntake;
  /** The criteria the prosecutor's office adopted for terminating a participant (none where the program has none). */
  terminationCriteria?: TerminationCriterion[];
  /**
   * Versions before 2026-12 only: whether the aggrieved party's agreement is required. Later versions say
   * `aggrievedPartyAgreement`; read either with `aggrievedPartyAgreementOf`.
   */
  aggrievedPartyAgreementRequired?: boolean;
  /** Whose agreement an arrest diversion needs besides the person's; read it with `aggrievedPartyAgreementOf`. */
  aggrievedPartyAgreement?: AggrievedPartyAgreement;
  /** Whether a prosecutor's eligibility decision is required before an arrest diversion is accepted. */
  prosecutorReviewRequired: boolean;
  handOffTargetMinutes: number;
  sealing: SealingRule;
  unitCosts: UnitCosts;
  /**
   * The decision points equity reports break down by race and ethnicity (e.g. `stop`, `arrest`, `referral_offered`,
   * `charge_filed`), as codes.
   */
  decisionPoints?: string[];
  /**
   * Paths of values that are not published by the program and were chosen as reasonable
   * defaults; a deployer replaces them with the jurisdiction's adopted figures.
   */
  unpublished: string[];
}

export const AFTER_INTAKE = ['decline_automatically', 'await_prosecutor_decision'] as const;
/**
 * `decline_automatically`: the charge is declined once the intake is disclosed within the deadline;
 * `await_prosecutor_decision`: the prosecutor records the decline (or files) after the intake.
 */
export type AfterIntake = (typeof AFTER_INTAKE)[number];

/** The charge's fate after a disclosed intake within the deadline; a version that does not say awaits the prosecutor. */
export function afterIntakeOf(protocol: Pick<Protocol, 'afterIntake'>): AfterIntake {
  return protocol.afterIntake ?? 'await_prosecutor_decision';
}

export const AGGRIEVED_PARTY_AGREEMENT = ['not_required', 'required', 'required_when_present'] as const;
/**
 * `required`: every arrest diversion needs an aggrieved party's agreement; `required_when_present`: only when the
 * officer records that an aggrieved party was present (Rochester: "the person and any aggrieved party present").
 */
export type AggrievedPartyAgreement = (typeof AGGRIEVED_PARTY_AGREEMENT)[number];

/** Whose agreement the version asks for, whichever key its file uses (older files say a boolean). */
export function aggrievedPartyAgreementOf(
  protocol: Pick<Protocol, 'aggrievedPartyAgreement' | 'aggrievedPartyAgreementRequired'>,
): AggrievedPartyAgreement {
  if (protocol.aggrievedPartyAgreement) return protocol.aggrievedPartyAgreement;
  return protocol.aggrievedPartyAgreementRequired ? 'required' : 'not_required';
}

/** Codes of termination criteria and decision points: lower-case words joined by `_`. */
export const PROTOCOL_CODE = /^[a-z][a-z0-9_]{1,63}$/;

export interface TerminationCriterion {
  code: string;
  description: string;
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

export const SEALING_STARTS_AT = ['charge_not_filed', 'participation_days'] as const;
/** What `eligibleAfterDays` counts from: the decision not to file the charge, or the start of participation. */
export type SealingStartsAt = (typeof SEALING_STARTS_AT)[number];

export const SEALING_EFFECTS = ['sealable_on_request', 'expunged'] as const;
/** The person may ask each custodian to seal the records, or the infraction is expunged without a request. */
export type SealingEffect = (typeof SEALING_EFFECTS)[number];

export interface SealingRule {
  /** What the law allows, in a sentence a record custodian recognises. */
  rule: string;
  authority: string;
  /** Days of participation (or since the decision not to file) after which sealing may be requested. */
  eligibleAfterDays: number;
  custodians: Array<'police' | 'prosecutor' | 'court' | 'jail'>;
  /** What `eligibleAfterDays` counts from (versions before 2026-12 do not say). */
  startsAt?: SealingStartsAt;
  /** Sealing on the person's request, or expungement (versions before 2026-12 do not say). */
  effect?: SealingEffect;
}

export interface UnitCosts {
  currency: 'USD';
  jailDay: number;
  booking: number;
  officerHour: number;
  prosecution: number;
  emergencyDepartmentVisit: number;
  caseManagementParticipantMonth: number;
  /**
   * Public defense per charge. Optional (versions before 2026-12 and most files do not say): read it with
   * `unitCostsOf`, which prices defense at parity with `prosecution` when it is left out.
   */
  defenseCase?: number;
  /** One prison admission (the average stay priced whole). Optional: left out, prison is counted but not priced. */
  prisonAdmission?: number;
  /** Officer hours one arrest takes (the arrest, transport, booking, report). Optional: `unitCostsOf` assumes 3. */
  officerHoursPerArrest?: number;
}

/** Officer hours per arrest when the protocol does not say: the middle of the 2–4 hours cost studies commonly use. */
export const DEFAULT_OFFICER_HOURS_PER_ARREST = 3;

/** The unit costs a cost report prices with, and which of them the protocol did not set (a documented default). */
export interface ResolvedUnitCosts {
  costs: Required<Omit<UnitCosts, 'prisonAdmission'>> & { prisonAdmission: number | null };
  /** The optional settings the protocol left out, answered by their default (`prisonAdmission`: not priced). */
  defaulted: Array<'defenseCase' | 'prisonAdmission' | 'officerHoursPerArrest'>;
}

/**
 * A version's unit costs with the optional ones resolved: defense at parity with prosecution (both sides of a case
 * cost about the same to the county; a jurisdiction with a public defender's budget per case sets `defenseCase`),
 * officer hours per arrest 3, and prison not priced (null) unless `prisonAdmission` is set, because no default
 * per-admission price is defensible across states.
 */
export function unitCostsOf(protocol: Pick<Protocol, 'unitCosts'>): ResolvedUnitCosts {
  const c = protocol.unitCosts;
  const defaulted: ResolvedUnitCosts['defaulted'] = [];
  if (c.defenseCase === undefined) defaulted.push('defenseCase');
  if (c.prisonAdmission === undefined) defaulted.push('prisonAdmission');
  if (c.officerHoursPerArrest === undefined) defaulted.push('officerHoursPerArrest');
  return {
    costs: {
      ...c,
      defenseCase: c.defenseCase ?? c.prosecution,
      prisonAdmission: c.prisonAdmission ?? null,
      officerHoursPerArrest: c.officerHoursPerArrest ?? DEFAULT_OFFICER_HOURS_PER_ARREST,
    },
    defaulted,
  };
}
