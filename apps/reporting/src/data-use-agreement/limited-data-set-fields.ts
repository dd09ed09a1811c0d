/**
 * The columns of the evaluator export that only a limited data set carries, each only when the recipient's data-use
 * agreement names it (45 CFR 164.514(e)): the event's date, the district, the outcome code, the duration, the race
 * and ethnicity group and the sex recorded at intake. The pseudonym, the event type, the jurisdiction and the year
 * are in every export (the de-identified file has them too), so an agreement need not name them.
 */
export const LIMITED_DATA_SET_FIELDS = ['event_date', 'district', 'outcome', 'minutes', 'equity_group', 'sex'] as const;
export type LimitedDataSetField = (typeof LIMITED_DATA_SET_FIELDS)[number];
