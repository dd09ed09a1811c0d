/** Far more than any real chain of merges; only a cycle of racing merges would reach it. */
const MAX_MERGE_HOPS = 64;

/**
 * The record a participant's referrals count for now: follows merges (A into B, B into C) from `participantId` to
 * the record that was not merged. `mergedInto` answers one hop from wherever the caller keeps merges (the
 * participant streams, the read model's merge table). A cycle left by racing merges stops the walk.
 */
export async function survivorOf(
  participantId: string,
  mergedInto: (participantId: string) => Promise<string | null>,
): Promise<string> {
  const seen = new Set([participantId]);
  let current = participantId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const next = await mergedInto(current);
    if (next === null || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
  return current;
}
