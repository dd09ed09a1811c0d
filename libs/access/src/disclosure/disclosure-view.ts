/**
 * The projections of a participant's record, one per kind of audience (minimum necessary):
 * - `full`: the treating program (case management) — identity, status, clinical and free-text detail;
 * - `participation-status`: police and prosecutors — enrolled / engaged / intake by the deadline / exited,
 *   only under the participant's consent, with the §2.32 notice;
 * - `de-identified`: evaluators — no direct identifiers (HIPAA safe harbor), a keyed pseudonym instead of the id.
 */
export const DISCLOSURE_VIEWS = ['full', 'participation-status', 'de-identified'] as const;

export type DisclosureView = (typeof DISCLOSURE_VIEWS)[number];

/** Most restrictive first: a caller holding several allowed roles gets the least it needs (minimum necessary). */
export const VIEWS_BY_RESTRICTION: readonly DisclosureView[] = ['de-identified', 'participation-status', 'full'];
