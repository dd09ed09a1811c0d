/*
 * The shapes of the identifiers that travel in integration events: one definition, read by the contracts' JSON
 * Schemas, by the token claims (libs/access) and by the request DTOs (`@Matches`). A value a request or a token may
 * carry is then a value the contracts accept, so nothing is stored that the relay cannot publish (it never skips an
 * event: one unpublishable event would hold back every later one of the service).
 *
 * The sources are the published `pattern`s (libs/contracts/published) character for character; changing one is a
 * breaking change of every contract that uses it (see identifiers.spec.ts). No flags: Ajv matches them with `u`,
 * and none of them depends on it.
 */

/** The `pattern` sources, as the contracts publish them. */
export const IDENTIFIER_PATTERNS = {
  /**
   * A code from a jurisdiction's configuration: agency, district, area, protocol version, offense code, reason code.
   * Letters, digits and `._-`, starting with a letter or digit, at most 64 characters: no space, so never a sentence.
   */
  configuredCode: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  /**
   * An opaque staff id, the `sub` of the staff member's token: letters, digits and `._:-`, at most 128 characters.
   * No `@` or space, so an e-mail address or a name (personal data of staff) cannot pass for one.
   */
  staffId: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$',
  /** A jurisdiction id (`denver`): lower-case words of letters and digits joined by single `-`. */
  jurisdictionId: '^[a-z0-9]+(-[a-z0-9]+)*$',
} as const;

/** An agency id of a jurisdiction's configuration (`DPD`, `ARTS`): a configured code. */
export const AGENCY_ID = new RegExp(IDENTIFIER_PATTERNS.configuredCode);

/** A district (or area) of a jurisdiction's configuration (`6`, `D6-CAPITOL-HILL`): a configured code. */
export const DISTRICT_ID = new RegExp(IDENTIFIER_PATTERNS.configuredCode);

/** A code of a jurisdiction's configuration in general (offense code, protocol version, area). */
export const CONFIGURED_CODE = new RegExp(IDENTIFIER_PATTERNS.configuredCode);

/** A staff id: the subject of a staff member's token, published wherever an event names who acted. */
export const STAFF_ID = new RegExp(IDENTIFIER_PATTERNS.staffId);

/** A jurisdiction id, as the envelope's `jurisdiction` publishes it. Requests and tokens also bound its length. */
export const JURISDICTION_ID = new RegExp(IDENTIFIER_PATTERNS.jurisdictionId);

/**
 * The longest jurisdiction id a request or a token may carry. The envelope bounds none; ids of configuration are
 * short, and a bound keeps a token's claims small.
 */
export const JURISDICTION_ID_MAX_LENGTH = 64;

/**
 * A reason code (`meets_protocol`, `name_misspelt`): a configured code that is also lower-case snake case, 2 to 64
 * characters. The contracts publish reason codes as configured codes; this narrows that (every reason code is a
 * configured code, identifiers.spec.ts proves it), so the house style of reason codes is kept where they are
 * accepted, and what is accepted can always be published.
 */
export const REASON_CODE = /^[a-z][a-z0-9_]{1,63}$/;

/** A jurisdiction id a request or a token may carry: the published pattern, at most 64 characters. */
export function isJurisdictionId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= JURISDICTION_ID_MAX_LENGTH && JURISDICTION_ID.test(value);
}
