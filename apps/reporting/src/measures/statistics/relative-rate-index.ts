import { Z_95 } from './normal-distribution.js';

/*
 * The relative rate index (RRI) of OJJDP's disproportionate minority contact method (OJJDP, Disproportionate Minority
 * Contact Technical Assistance Manual, 4th ed., 2009, ch. 1), applied to LEAD's decision points (e.g. eligible arrest →
 * referred, referred → contacted, contacted → enrolled): at each point a group's rate is the people of the group at
 * this point over the people of the group at the previous point (or the group's population, for the first point),
 * and the RRI is that rate over the reference group's rate. An RRI of 1 means the group moves through the point at the
 * reference group's rate; a referral rate RRI below 1 means the group is diverted less often. Pure.
 */

/** The people of one group at a decision point and at the point before it (or the group's population). */
export interface DecisionPointCounts {
  group: string;
  /** People of the group at this decision point. */
  count: number;
  /** People of the group at the previous decision point, or the group's population: the rate's denominator. */
  base: number;
}

/**
 * A base below this is flagged unstable: with fewer than 20 people one person more or less moves the rate by 5 points
 * or more, and OJJDP's manual likewise advises against reading an RRI off very small groups.
 */
export const UNSTABLE_BASE_BELOW = 20;

/** One group's rate at a decision point (a fraction; multiply by 100 or 1,000 for display). */
export interface GroupRate {
  group: string;
  count: number;
  base: number;
  /** count / base; null when the base is 0 (no one reached the previous point: no rate, rather than 0%). */
  rate: number | null;
  /** The base is below UNSTABLE_BASE_BELOW. */
  unstable: boolean;
}

/** A group's RRI against the reference group, with its 95% interval. */
export interface RelativeRate {
  /** group rate / reference rate. */
  index: number;
  /** 95% interval by the log (Katz) method. */
  lower: number;
  upper: number;
  /** Either the group's or the reference group's base is below UNSTABLE_BASE_BELOW. */
  unstable: boolean;
}

/** A group's row of the decision point's table: its rate, and its RRI (null for the reference group itself). */
export interface GroupRelativeRate extends GroupRate {
  relativeRate: RelativeRate | null;
}

/** The decision point's table: the reference group, the jurisdiction's whole (all groups combined), every group. */
export interface RelativeRateTable {
  /** null when the reference group is not among the groups. */
  reference: GroupRate | null;
  /** All the groups given, combined: the rate a group's rate is read beside. */
  jurisdiction: GroupRate;
  groups: GroupRelativeRate[];
}

function checkCounts({ group, count, base }: DecisionPointCounts): void {
  // More people at a point than at the point before is a join or filtering bug upstream, not a rate above 100%.
  if (!Number.isInteger(count) || !Number.isInteger(base) || count < 0 || count > base) {
    throw new RangeError(`group ${group}: counts must be integers with 0 <= count <= base, got ${count} of ${base}`);
  }
}

/** A group's rate at a decision point: count / base, null when the base is 0. */
export function groupRate(counts: DecisionPointCounts): GroupRate {
  checkCounts(counts);
  const { group, count, base } = counts;
  return { group, count, base, rate: base === 0 ? null : count / base, unstable: base < UNSTABLE_BASE_BELOW };
}

/**
 * The RRI of `group` against `reference`: (a/n₁) / (c/n₂), with a = group's count, n₁ = its base, c = the
 * reference's count, n₂ = its base. The 95% interval is exp(ln RRI ± z·√V) with Katz's variance
 * V = 1/a − 1/n₁ + 1/c − 1/n₂ (Katz, Baptista, Azen & Pike, Biometrics 34:469, 1978) — the interval is computed on
 * the log scale because the ratio's distribution is skewed. null when any count is 0: a rate of 0 (or no base) gives an
 * RRI of 0, ∞ or 0/0, and ln RRI no variance, so there is nothing to report but the counts.
 */
export function relativeRateIndex(group: DecisionPointCounts, reference: DecisionPointCounts): RelativeRate | null {
  checkCounts(group);
  checkCounts(reference);
  const { count: a, base: n1 } = group;
  const { count: c, base: n2 } = reference;
  if (a === 0 || n1 === 0 || c === 0 || n2 === 0) return null;
  const index = a / n1 / (c / n2);
  const variance = 1 / a - 1 / n1 + 1 / c - 1 / n2;
  const halfWidth = Z_95 * Math.sqrt(variance);
  return {
    index,
    lower: Math.exp(Math.log(index) - halfWidth),
    upper: Math.exp(Math.log(index) + halfWidth),
    unstable: n1 < UNSTABLE_BASE_BELOW || n2 < UNSTABLE_BASE_BELOW,
  };
}

/**
 * The decision point's table: every group's rate and RRI against `referenceGroup`, and the jurisdiction's whole (the
 * groups summed — pass an "unknown" group too, or the whole is only the whole of the groups named). A group's
 * relativeRate is null for the reference group itself, when the reference is missing, or when a count is 0.
 */
export function relativeRateTable(groups: readonly DecisionPointCounts[], referenceGroup: string): RelativeRateTable {
  const seen = new Set<string>();
  for (const counts of groups) {
    if (seen.has(counts.group)) throw new RangeError(`group ${counts.group} appears twice`);
    seen.add(counts.group);
  }
  const referenceCounts = groups.find((counts) => counts.group === referenceGroup) ?? null;
  const jurisdiction = groupRate({
    group: 'all',
    count: groups.reduce((sum, counts) => sum + counts.count, 0),
    base: groups.reduce((sum, counts) => sum + counts.base, 0),
  });
  return {
    reference: referenceCounts && groupRate(referenceCounts),
    jurisdiction,
    groups: groups.map((counts) => ({
      ...groupRate(counts),
      relativeRate:
        referenceCounts === null || counts.group === referenceGroup ? null : relativeRateIndex(counts, referenceCounts),
    })),
  };
}
