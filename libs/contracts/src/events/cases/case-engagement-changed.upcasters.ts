import type { CaseEngagementChangedV1 } from './case-engagement-changed.v1.js';
import type { CaseEngagementChangedV2 } from './case-engagement-changed.v2.js';

type LevelV1 = CaseEngagementChangedV1['level'];
type LevelV2 = CaseEngagementChangedV2['level'];

/** `high` and `moderate` are both `engaged`; a v1 change between them reads as `engaged` → `engaged`. */
const LEVEL: Record<LevelV1, LevelV2> = { high: 'engaged', moderate: 'engaged', low: 'low', inactive: 'inactive' };

/** v1 → v2: levels mapped as above, `reengaged` when v1 left `inactive`, the day as it is. */
export function caseEngagementChangedV1ToV2({
  caseId,
  level,
  previousLevel,
  changedOn,
}: CaseEngagementChangedV1): CaseEngagementChangedV2 {
  return {
    caseId,
    level: LEVEL[level],
    ...(previousLevel === undefined ? {} : { previousLevel: LEVEL[previousLevel] }),
    reengaged: previousLevel === 'inactive' && level !== 'inactive',
    changedOn,
  };
}
