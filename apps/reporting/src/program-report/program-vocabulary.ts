/**
 * The codes the program report lists even when none occurred (a zero is information: no one was referred by the
 * community door). They are the published contracts' enumerations; a code a later contract adds shows up from the data.
 */
export const DOORS = ['arrest_diversion', 'social_contact', 'community'] as const;
export const SCREENING_CRITERIA = [
  'divertible_offense',
  'drug_quantity',
  'delivery_for_profit',
  'exploiting_minors',
  'promoting_prostitution',
  'minimum_age',
  'violent_history',
  'active_protective_order',
  'pending_treatment_court_case',
  'amenability',
] as const;
export const CLOSE_REASONS = [
  'ineligible',
  'declined_by_person',
  'aggrieved_party_disagreed',
  'prosecutor_found_ineligible',
] as const;
export const EXIT_REASONS = [
  'transitioned_out',
  'moved_away',
  'incarcerated',
  'deceased',
  'declined_services',
  'terminated_by_prosecutor_criteria',
  'other',
] as const;
export const DECLINE_REASONS = ['intake_completed', 'prosecutorial_discretion', 'insufficient_evidence'] as const;
export const RELEASE_REASONS = ['intake_deadline_passed', 'referral_closed', 'prosecutor_decision'] as const;
export const CUSTODIANS = ['police', 'prosecutor', 'court', 'jail'] as const;
export const ENGAGEMENT_LEVELS = ['engaged', 'low', 'inactive'] as const;
/** Closed-loop referral statuses that end the loop (the network heard back how it went). */
export const CLOSED_LOOP_STATUSES = [
  'got_help',
  'couldnt_contact',
  'not_eligible',
  'no_capacity',
  'couldnt_get_help',
  'no_longer_interested',
  'referred_elsewhere',
] as const;
export const OPEN_LOOP_STATUSES = ['referred', 'pending', 'needs_client_action', 'eligible'] as const;
