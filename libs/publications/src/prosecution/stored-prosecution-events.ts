/*
 * The prosecution service's stored domain events, as far as publishing reads them. The service owns the full
 * types (apps/prosecution/src/prosecution-matter/prosecution-matter.events.ts); its publication spec feeds real
 * decider output through this mapping and the contracts' validation.
 */

export interface StoredChargeHeld {
  matterId: string;
  referralId: string;
  offenseCode: string;
  /** YYYY-MM-DD */
  heldOn: string;
  /** YYYY-MM-DD: the last day on which intake keeps the charge from being filed. */
  intakeDeadline: string;
}

export interface StoredEligibilityDecided {
  matterId: string;
  referralId: string;
  eligible: boolean;
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}
