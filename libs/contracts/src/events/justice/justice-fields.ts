import { choice, code, date, uuid } from '../../schema/schema-builders.js';

/** The kinds of justice-system event an import reports (the referrals service's justice import). */
export const JUSTICE_EVENT_KINDS = ['arrest', 'charge', 'booking', 'jail_release', 'prison_admission'] as const;

/**
 * HMIS 3.04 Race and Ethnicity (FY2024+: one element, several answers allowed): the codes case management records at
 * intake and the justice import maps the source's codes to. One list for every service (services share only libs/).
 */
export const HMIS_RACE_ETHNICITY = [
  'american_indian_alaska_native_indigenous',
  'asian_asian_american',
  'black_african_american_african',
  'hispanic_latina_e_o',
  'middle_eastern_north_african',
  'native_hawaiian_pacific_islander',
  'white',
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
] as const;
export type HmisRaceEthnicity = (typeof HMIS_RACE_ETHNICITY)[number];

/**
 * The group comparison counts are kept under: one HMIS 3.04 race-and-ethnicity answer, or `multiple`. Counts of
 * people, never a person's: the field is not named after race so that the privacy guard's name rule, which keeps
 * a person's race off the bus, stays as strict as it is for every per-person event.
 */
export const EQUITY_GROUPS = [...HMIS_RACE_ETHNICITY, 'multiple'] as const;
export type EquityGroup = (typeof EQUITY_GROUPS)[number];

export const justiceKind = () =>
  choice(
    JUSTICE_EVENT_KINDS,
    'What the justice system reported: an arrest, a charge filed, a jail booking, a release from jail (with the days ' +
      'served), an admission to prison.',
  );

export const justiceDistrict = () =>
  code('The district of the event, one of the jurisdiction’s configured districts (e.g. `6`).');

export const justiceImportId = () => uuid('The import that reported it, as the import route answered it.');

export const coveredThrough = () =>
  date(
    'The last day the import’s extract is complete through: later events of the same people may come in a later import.',
  );

export const equityGroup = () =>
  choice(
    EQUITY_GROUPS,
    'The HMIS 3.04 race and ethnicity group of the people counted, as the justice system coded them and the import ' +
      'mapped them (docs/justice-import.md): one answer, or `multiple` for two or more.',
  );
