/**
 * SAMHSA's SUPRT follow-up schedule (from 2025-10-01; DOMAIN.md): a baseline within 30 days of intake, a reassessment
 * at 180 ± 30 days after it, a closeout within 30 days of the end of care; at least 80% of intakes followed up. These are
 * the funder's rules, not an instrument's choice, so they are fixed here; the occasion names are those of the
 * configured instrument `samhsa-suprt` (config/instruments/samhsa-suprt), whose assessments alone count.
 */
export const SUPRT_INSTRUMENT = 'samhsa-suprt';
export const SUPRT_WINDOWS = {
  baseline: { occasion: 'baseline', anchor: 'intake', fromDays: 0, toDays: 30 },
  reassessment: { occasion: 'reassessment', anchor: 'intake', fromDays: 150, toDays: 210 },
  closeout: { occasion: 'closeout', anchor: 'exit', fromDays: 0, toDays: 30 },
} as const;
export type SuprtOccasion = keyof typeof SUPRT_WINDOWS;
export const FOLLOW_UP_TARGET = 0.8;
