import { Z_95 } from './normal-distribution.js';
import { chiSquareSurvival } from './chi-square-distribution.js';

/*
 * Time to first re-arrest after entry: the Kaplan–Meier product-limit estimate (Kaplan & Meier, JASA 53:457, 1958),
 * because follow-up is censored — people entered at different dates, so a person with no arrest yet is known only to
 * have survived their days so far, and dropping them (or counting them arrest-free) would bias the curve. Pure.
 *
 * Conventions (those of R's survival::survfit, so that the evaluators can reproduce every number):
 * - ties: at a day with both, events come before censorings, so a person censored on day t was at risk on day t;
 * - variance: Greenwood's, Var(Ŝ(t)) = Ŝ(t)² Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ));
 * - 95% interval: on the log(−log S) scale (Kalbfleisch & Prentice 1980; survfit's conf.type = "log-log"), which stays
 *   inside [0, 1] and is far better than the plain interval in the tails: with se = √(Σ d/(n(n−d))) / |ln Ŝ|, the
 *   interval is [Ŝ^exp(z·se), Ŝ^exp(−z·se)].
 */

/** One person's follow-up: `days` to the first re-arrest (event) or to the end of follow-up (censored). */
export interface FollowUp {
  days: number;
  /** true: re-arrested on `days`; false: followed `days` without an arrest (censored). */
  event: boolean;
}

/** A life-table row: on `day`, this many first re-arrests and this many people censored. */
export interface LifeTableRow {
  day: number;
  events: number;
  censored: number;
}

/** A step of the curve, one per day with an event or a censoring. */
export interface SurvivalPoint {
  day: number;
  /** People followed up to this day (not arrested or censored before it). */
  atRisk: number;
  events: number;
  censored: number;
  /** Ŝ(day): the share not yet re-arrested just after this day. */
  survival: number;
  /** The 95% log-log interval, clipped to [0, 1]; equal to survival where it is 1 (no event yet) or 0. */
  lower: number;
  upper: number;
}

/** The aggregate life table of persons' follow-ups: one row per distinct day, in day order. */
export function lifeTableOf(followUps: readonly FollowUp[]): LifeTableRow[] {
  return mergedRows(
    followUps.map(({ days, event }) => ({ day: days, events: event ? 1 : 0, censored: event ? 0 : 1 })),
  );
}

function mergedRows(rows: readonly LifeTableRow[]): LifeTableRow[] {
  const byDay = new Map<number, LifeTableRow>();
  for (const { day, events, censored } of rows) {
    if (!Number.isFinite(day) || day < 0) throw new RangeError(`a day must be finite and not negative, got ${day}`);
    if (!Number.isInteger(events) || !Number.isInteger(censored) || events < 0 || censored < 0) {
      throw new RangeError(`day ${day}: counts must be non-negative integers, got ${events} and ${censored}`);
    }
    const row = byDay.get(day) ?? { day, events: 0, censored: 0 };
    byDay.set(day, { day, events: row.events + events, censored: row.censored + censored });
  }
  return [...byDay.values()].filter((row) => row.events + row.censored > 0).sort((a, b) => a.day - b.day);
}

/**
 * The Kaplan–Meier curve from an aggregate life table (the comparison cohort is held only as counts per day). Rows may
 * come in any order and repeat a day (they are summed); everyone in the table is at risk from day 0.
 */
export function kaplanMeierFromCounts(rows: readonly LifeTableRow[]): SurvivalPoint[] {
  const table = mergedRows(rows);
  let atRisk = table.reduce((sum, row) => sum + row.events + row.censored, 0);
  let survival = 1;
  let greenwoodSum = 0;
  const curve: SurvivalPoint[] = [];
  for (const { day, events, censored } of table) {
    if (events > 0) {
      survival *= 1 - events / atRisk;
      // When everyone at risk has the event Ŝ is 0 and the term is infinite; the interval is then [0, 0] below.
      greenwoodSum += atRisk > events ? events / (atRisk * (atRisk - events)) : Infinity;
    }
    curve.push({ day, atRisk, events, censored, survival, ...logLogInterval(survival, greenwoodSum) });
    atRisk -= events + censored;
  }
  return curve;
}

function logLogInterval(survival: number, greenwoodSum: number): { lower: number; upper: number } {
  if (survival >= 1 || survival <= 0) return { lower: survival, upper: survival };
  const se = Math.sqrt(greenwoodSum) / Math.abs(Math.log(survival));
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  return { lower: clip(survival ** Math.exp(Z_95 * se)), upper: clip(survival ** Math.exp(-Z_95 * se)) };
}

/** The Kaplan–Meier curve from persons' follow-ups: the curve of their life table (lifeTableOf). */
export function kaplanMeier(followUps: readonly FollowUp[]): SurvivalPoint[] {
  return kaplanMeierFromCounts(lifeTableOf(followUps));
}

/**
 * Ŝ(day), the share not re-arrested by `day` (inclusive: an arrest on `day` counts): 1 before the first step, the
 * last step's value up to the last day followed, and null beyond it — no one was followed that long, so the curve
 * says nothing there (unless it already reached 0).
 */
export function survivalAt(curve: readonly SurvivalPoint[], day: number): number | null {
  if (curve.length === 0) return null;
  const last = curve[curve.length - 1];
  if (day > last.day) return last.survival === 0 ? 0 : null;
  let survival = 1;
  for (const point of curve) {
    if (point.day > day) break;
    survival = point.survival;
  }
  return survival;
}

/**
 * The median time to re-arrest: the first day at which Ŝ ≤ 0.5; null when the curve never falls to half (fewer than
 * half re-arrested within follow-up — report "not reached", never the last day). Unlike R's survfit this does not
 * average with the next event day when Ŝ is exactly 0.5 over an interval; with cohorts of LEAD's size that tie is rare.
 */
export function medianSurvival(curve: readonly SurvivalPoint[]): number | null {
  // A tolerance, so that 0.5 reached through a product like (1 − 1/4)·(2/3) is not missed by rounding.
  return curve.find((point) => point.survival <= 0.5 + 1e-12)?.day ?? null;
}

/** The two-sample log-rank test of two curves (participants against comparison). */
export interface LogRankTest {
  observedFirst: number;
  expectedFirst: number;
  observedSecond: number;
  expectedSecond: number;
  /** The hypergeometric variance of observedFirst − expectedFirst under equal hazards. */
  variance: number;
  /** (O₁ − E₁)² / V, chi-square with 1 df under equal hazards. */
  chiSquare: number;
  pValue: number;
}

/**
 * The log-rank (Mantel–Cox) test that two groups have the same hazard of re-arrest (Mantel 1966; Peto & Peto 1972), as
 * R's survdiff(rho = 0): at each event day tᵢ with nᵢ at risk (n₁ᵢ in the first group) and dᵢ events,
 * E₁ = Σ n₁ᵢ dᵢ / nᵢ and V = Σ n₁ᵢ n₂ᵢ dᵢ (nᵢ − dᵢ) / (nᵢ² (nᵢ − 1)); χ² = (O₁ − E₁)² / V on 1 df. Takes life tables so
 * that the comparison cohort's aggregates serve as well as persons (lifeTableOf). null when there is no event or no
 * variance (e.g. one group empty).
 */
export function logRankTest(first: readonly LifeTableRow[], second: readonly LifeTableRow[]): LogRankTest | null {
  const a = mergedRows(first);
  const b = mergedRows(second);
  let atRiskFirst = a.reduce((sum, row) => sum + row.events + row.censored, 0);
  let atRiskSecond = b.reduce((sum, row) => sum + row.events + row.censored, 0);
  const days = [...new Set([...a, ...b].map((row) => row.day))].sort((x, y) => x - y);
  const none = { events: 0, censored: 0 };
  const rowsFirst = new Map(a.map((row) => [row.day, row]));
  const rowsSecond = new Map(b.map((row) => [row.day, row]));
  let observedFirst = 0;
  let observedSecond = 0;
  let expectedFirst = 0;
  let variance = 0;
  for (const day of days) {
    const rowFirst = rowsFirst.get(day) ?? none;
    const rowSecond = rowsSecond.get(day) ?? none;
    const events = rowFirst.events + rowSecond.events;
    const atRisk = atRiskFirst + atRiskSecond;
    if (events > 0) {
      observedFirst += rowFirst.events;
      observedSecond += rowSecond.events;
      expectedFirst += (atRiskFirst * events) / atRisk;
      if (atRisk > 1) {
        variance += (atRiskFirst * atRiskSecond * events * (atRisk - events)) / (atRisk * atRisk * (atRisk - 1));
      }
    }
    atRiskFirst -= rowFirst.events + rowFirst.censored;
    atRiskSecond -= rowSecond.events + rowSecond.censored;
  }
  if (observedFirst + observedSecond === 0 || variance <= 0) return null;
  const chiSquare = (observedFirst - expectedFirst) ** 2 / variance;
  return {
    observedFirst,
    expectedFirst,
    observedSecond,
    expectedSecond: observedFirst + observedSecond - expectedFirst,
    variance,
    chiSquare,
    pValue: chiSquareSurvival(chiSquare, 1),
  };
}
