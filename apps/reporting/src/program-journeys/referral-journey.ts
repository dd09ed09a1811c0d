/**
 * One referral of a period's cohort, as the program knew it at the report's instant: each decision point it reached,
 * in codes. The program report and the equity report both count these.
 */
export interface ReferralJourney {
  referralId: string;
  participantId: string;
  door: string;
  district: string;
  referredOn: string;
  screened: 'eligible' | 'ineligible' | null;
  /** The criteria that excluded the person at screening. */
  excludedBy: string[];
  prosecutor: { outcome: 'eligible' | 'ineligible'; decision: 'confirmed' | 'overridden' } | null;
  offer: 'accepted' | 'declined' | null;
  handOff: { minutes: number; withinTarget: boolean } | null;
  enrolled: boolean;
  closedReason: string | null;
  intakeCompleted: boolean;
  /** The held charge's last outcome, when the referral was an arrest with a matter. */
  charge: 'held' | 'declined' | 'released' | 'filed' | null;
  exitReason: string | null;
  /** HMIS 3.04 answers from intake; null when none was recorded by then, or it was erased. */
  raceEthnicity: string[] | null;
}
