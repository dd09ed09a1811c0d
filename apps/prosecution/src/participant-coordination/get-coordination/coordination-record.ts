import type { LegalMatter, ParticipantCoordinationState } from '../participant-coordination.decider.js';

/**
 * A participant's coordination as prosecutor offices of the jurisdiction read it: the legal matters and the
 * termination, ids, codes and dates only. It never carries the participation status, nor anything that hints at it
 * (not even whether case management holds a case): that is read, under consent and audited, at
 * `GET /v1/participants/:participantId/coordination/participation-status`.
 */
export interface CoordinationRecord {
  participantId: string;
  jurisdiction: string;
  legalMatters: LegalMatter[];
  termination: { criterionCode: string; protocolVersion: string; at: string } | null;
}

/** Undefined while no legal matter or termination was recorded: what case management noted alone is not shown. */
export function coordinationRecordOf(state: ParticipantCoordinationState): CoordinationRecord | undefined {
  const legalMatters = Object.values(state.legalMatters);
  if (!state.participant || (legalMatters.length === 0 && !state.termination)) return undefined;
  return {
    participantId: state.participant.participantId,
    jurisdiction: state.participant.jurisdiction,
    legalMatters: legalMatters.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)),
    termination: state.termination,
  };
}

export interface CoordinationResult {
  record: CoordinationRecord;
  revision: number;
}
