// The dashboard's pure helpers: how a figure of the API is shown, the period the API accepts, what a token says.
// No DOM here. Served as /dashboard/assets/figures.mjs (apps/reporting/src/dashboard/dashboard-assets.ts).

/** The API's own pattern (apps/reporting/src/reporting-period/reporting-period.ts): a year, a month or a quarter. */
export const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

/** A withheld figure (the API's `null`, evaluators' copy): never shown as 0. */
export const WITHHELD = 'withheld';

export function isPeriod(value) {
  return typeof value === 'string' && PERIOD_PATTERN.test(value);
}

/** A count as the API gives it: plain digits (no separators, so it reads back as the same number), or withheld. */
export function formatCount(value) {
  return value === null || value === undefined ? WITHHELD : String(value);
}

/** Minutes: at most one decimal, as the API's type 7 quantiles of whole minutes have (27.5). */
export function formatMinutes(value) {
  return value === null || value === undefined ? WITHHELD : String(Math.round(value * 10) / 10);
}

/** A share (0…1) as a percentage with one decimal: 0.625 → "62.5%". */
export function formatShare(value) {
  return value === null || value === undefined ? WITHHELD : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** A day or an instant, as the API wrote it. */
export function formatText(value) {
  return value === null || value === undefined ? WITHHELD : String(value);
}

/**
 * What the token says of its holder, for display only (the API verifies the signature; this page cannot and does not
 * need to): the JWT's payload, base64url-decoded. `undefined` when it is not a JWT.
 */
export function tokenClaims(token) {
  const parts = typeof token === 'string' ? token.trim().split('.') : [];
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
    const strings = (list) => (Array.isArray(list) ? list.filter((item) => typeof item === 'string') : []);
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      roles: strings(payload.roles),
      jurisdictions: strings(payload.jurisdictions),
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined,
    };
  } catch {
    return undefined;
  }
}

/** A reason or status code of the API made readable: `moved_away` → "moved away". */
export function codeLabel(code) {
  return String(code).replace(/_/g, ' ');
}

/**
 * Paths of the equity, outcome and cost panels whose value is a share (0…1), shown as a percentage: rates, shares,
 * and a survival curve's Ŝ and its interval. Everything else numeric is a count or an amount.
 */
const SHARE_PATH = /(\.rate\.value|[sS]hare\.value|\.savingsShare|\.steps\[\d+\]\.(survival|lower|upper))$/;

/**
 * What a `null` of the equity, outcome and cost reports means. Where the report withholds (`suppressedBelow` set) it
 * is **withheld**; in an exact report nothing is, so it is "none" (no denominator, no import, nothing to price) — but
 * for a median survival time not reached, and a unit cost the report does not price (either way).
 */
export function nullText(path, exact) {
  if (/\.unitCosts\[[^\]]+\]\.value$/.test(path)) return 'not priced';
  if (!exact) return WITHHELD;
  if (/\.medianDays$/.test(path)) return 'not reached';
  return 'none';
}

/**
 * A figure of the equity, outcome or cost report at that path: a share as a percentage with one decimal, another
 * number to at most two decimals (counts stay whole), a yes/no for a flag, text as the API wrote it.
 */
export function formatFigure(path, value, exact) {
  if (value === null || value === undefined) return nullText(path, exact);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  if (SHARE_PATH.test(path)) return formatShare(value);
  return String(Math.round(value * 100) / 100);
}

/**
 * Ŝ(day) of a Kaplan–Meier curve as its steps give it: the last step on or before the day (1 before the first one).
 * `undefined` past the curve's last step, where it says nothing (follow-up, or the steps shown, ended before).
 */
export function survivalAt(steps, day) {
  if (steps.length === 0 || steps[steps.length - 1].day < day) return undefined;
  let found = null;
  for (const step of steps) if (step.day <= day) found = step;
  return found === null ? { step: null, survival: 1 } : { step: found, survival: found.survival };
}
