/**
 * What evaluators are given, and as of when. Evaluator tables are released for fixed quarters only, and only as they
 * stood at a release instant: the thirtieth day after each quarter ends (time for the quarter's late records to come
 * in). So the same quarter asked twice between two releases answers the same, and it changes only at those coarse,
 * published instants, never from one day to the next; and quarters never overlap, so no release can be subtracted
 * from a longer one (a year less three of its quarters is the fourth). What remains: two editions of one quarter, a
 * release apart, can still be compared; small cells are withheld in each, not in their difference.
 */
export const RELEASE_LAG_DAYS = 30;

const DAY_MS = 86_400_000;

/** The release instant of the quarter that begins on `quarterStart` (`YYYY-MM-01`, UTC): the day after it ends + 30. */
function releaseAfter(quarterStart: Date): Date {
  const end = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() + 3, 1));
  return new Date(end.getTime() + RELEASE_LAG_DAYS * DAY_MS);
}

/** The latest release instant at or before `now`: what an evaluator's tables are as of. */
export function latestRelease(now: Date): Date {
  let quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
  // Walk back until the release falls at or before now (the current quarter's own release is after its end).
  for (;;) {
    const release = releaseAfter(quarterStart);
    if (release.getTime() <= now.getTime()) return release;
    quarterStart = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() - 3, 1));
  }
}

/** The first release that includes a period ending (exclusive) on `endDay`: its quarter's release. */
export function firstReleaseOf(endDay: string): Date {
  return new Date(Date.parse(`${endDay}T00:00:00Z`) + RELEASE_LAG_DAYS * DAY_MS);
}
