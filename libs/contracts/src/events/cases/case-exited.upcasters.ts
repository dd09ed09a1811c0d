import { startOfDayUtc } from '../start-of-day.js';
import type { CaseExitedV1 } from './case-exited.v1.js';
import type { CaseExitedV2 } from './case-exited.v2.js';

type ReasonV1 = CaseExitedV1['reason'];
type ReasonV2 = CaseExitedV2['reason'];

/**
 * v1's reasons under their v2 names. `lost_contact` has none (inactivity is not an exit in v2) and reads as
 * `other`: the v1 event did record an exit, and rewriting it as no exit would lose it.
 */
const REASON: Record<ReasonV1, ReasonV2> = {
  goals_met: 'transitioned_out',
  moved_away: 'moved_away',
  incarcerated_non_divertible: 'incarcerated',
  deceased: 'deceased',
  lost_contact: 'other',
  terminated_by_committee: 'terminated_by_prosecutor_criteria',
};

/** v1 → v2: the reason mapped as above, the day as midnight UTC. */
export function caseExitedV1ToV2({ caseId, reason, exitedOn }: CaseExitedV1): CaseExitedV2 {
  return { caseId, reason: REASON[reason], exitedAt: startOfDayUtc(exitedOn) };
}
