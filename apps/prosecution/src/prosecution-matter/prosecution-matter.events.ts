/** The ProsecutionMatter's domain events, version 1. One matter per diverted arrest. */
export type ProsecutionMatterEvent = MatterOpened | ChargeHeld | EligibilityDecided;

export interface MatterOpened {
  type: 'MatterOpened';
  matterId: string;
  referralId: string;
  participantId: string;
  jurisdiction: string;
  offenseCode: string;
  /** The officer's screening outcome, which the prosecutor confirms or overrides. */
  officerScreenedEligible: boolean;
  protocolVersion: string;
  arrestedAt: string;
}

/** The charge is held, not filed, while the person is offered LEAD. */
export interface ChargeHeld {
  type: 'ChargeHeld';
  at: string;
}

export interface EligibilityDecided {
  type: 'EligibilityDecided';
  eligible: boolean;
  basis: 'confirmed' | 'overridden';
  reasonCode: string;
  prosecutor: { subject: string; agency: string };
  at: string;
}
