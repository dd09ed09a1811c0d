/** One step of a participant's journey as the reports know it: codes, ids and days only. */
export interface JourneyStep {
  eventId: string;
  type: string;
  occurredOn: string;
  occurredAt: string | null;
  recordedAt: string;
  referralId: string | null;
  caseId: string | null;
  matterId: string | null;
  district: string | null;
  outcome: string | null;
}

/** Every recorded step of one participant across referrals, case management and prosecution, in the order received. */
export interface ParticipantJourney {
  participantId: string;
  jurisdiction: string;
  asOf: string;
  steps: JourneyStep[];
}
