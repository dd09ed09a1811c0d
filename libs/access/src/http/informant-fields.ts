/**
 * LEAD is not a confidential-informant program (DOMAIN.md, "Who may see what"): no one may ask a
 * participant for source information, so the API has no field for it, and a request carrying one is
 * refused outright — whatever the route's DTO says — rather than silently dropped.
 */
const INFORMANT_KEY = [
  /informant/,
  /tipster/,
  /snitch/,
  /confidentialsource/,
  // A bare `source` is how police speak of an informant; `sourceOfIncome` (HMIS) and `referralSource` stay allowed.
  /^(ci|cs|confidential|police|secret)?sources?(info|information|name|names|identity|details?|contacts?)?$/,
];

/** Keys compared without case, digits kept, separators dropped: `Informant_Name`, `source-info`, `CI source`. */
export function isInformantField(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return INFORMANT_KEY.some((pattern) => pattern.test(normalized));
}
