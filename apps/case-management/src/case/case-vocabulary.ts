/*
 * The fixed lists of case management. Codes are lower-case and travel (bus, reports); labels live in docs.
 */

/** How a contact happened. A failed outreach attempt is a contact attempt too. */
export const CONTACT_KINDS = ['in_person', 'phone', 'text', 'outreach_attempt', 'street_contact'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/**
 * Engagement, derived from contacts: never a rule input for sanctions (there are none). `low` and `inactive` follow
 * the jurisdiction's configured days without a successful contact; the next successful contact re-engages.
 */
export const ENGAGEMENT_LEVELS = ['engaged', 'low', 'inactive'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

/** The service types a case manager connects a participant to. */
export const SERVICE_TYPES = [
  'housing',
  'moud',
  'other_treatment',
  'mental_health',
  'food',
  'legal_advocacy',
  'education',
  'job_training',
  'benefits',
  'id_documents',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The statuses closed-loop referral networks use; `referred` is where every connection starts. */
export const SERVICE_CONNECTION_STATUSES = [
  'referred',
  'pending',
  'needs_client_action',
  'eligible',
  'got_help',
  'couldnt_contact',
  'not_eligible',
  'no_capacity',
  'couldnt_get_help',
  'no_longer_interested',
  'referred_elsewhere',
] as const;
export type ServiceConnectionStatus = (typeof SERVICE_CONNECTION_STATUSES)[number];

/** A connection in one of these has its answer: it is no longer due, and a later change reopens nothing. */
export const CLOSED_SERVICE_CONNECTION_STATUSES: readonly ServiceConnectionStatus[] = [
  'got_help',
  'not_eligible',
  'no_capacity',
  'couldnt_get_help',
  'no_longer_interested',
  'referred_elsewhere',
];

/**
 * Why a participant left. Inactivity is never one (people cannot fail out of LEAD), and nothing here is a sanction:
 * `terminated_by_prosecutor_criteria` is the case coordinating committee applying the criteria the prosecutor's
 * office set for the site (San Luis Valley).
 */
export const EXIT_REASONS = [
  'transitioned_out',
  'moved_away',
  'incarcerated',
  'deceased',
  'declined_services',
  'terminated_by_prosecutor_criteria',
  'other',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** The life domains goals are set in (the participant chooses the goals). */
export const GOAL_DOMAINS = [
  'housing',
  'health',
  'mental_health',
  'substance_use',
  'income_benefits',
  'employment_education',
  'legal',
  'family_social',
  'identification',
  'other',
] as const;
export type GoalDomain = (typeof GOAL_DOMAINS)[number];

export const GOAL_STATUSES = ['active', 'achieved', 'set_aside'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
