import { HMIS_RACE_ETHNICITY, type EquityGroup, type HmisRaceEthnicity } from '@lead/contracts';

export type { EquityGroup, HmisRaceEthnicity };

/**
 * Justice systems code race the NCIC / UCR way (one letter) and ethnicity apart (H / N / U); the HMIS codes are
 * accepted as they are too. Upper or lower case. docs/justice-import.md lists the mapping.
 */
const SOURCE_RACE: Readonly<Record<string, HmisRaceEthnicity | null>> = {
  i: 'american_indian_alaska_native_indigenous',
  a: 'asian_asian_american',
  b: 'black_african_american_african',
  p: 'native_hawaiian_pacific_islander',
  w: 'white',
  m: 'middle_eastern_north_african',
  // Unknown: no race, which leaves the answer to the ethnicity or to `data_not_collected`.
  u: null,
};
const SOURCE_ETHNICITY: Readonly<Record<string, HmisRaceEthnicity | null>> = {
  h: 'hispanic_latina_e_o',
  n: null,
  u: null,
};
const HMIS: ReadonlySet<string> = new Set(HMIS_RACE_ETHNICITY);
const ALONE: ReadonlySet<string> = new Set([
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
]);

/**
 * The HMIS answers of a row's `race` (one code, or several joined by `|`) and `ethnicity`; an unknown code names
 * its field. No answer at all is `data_not_collected`; a stand-alone answer beside a race is dropped.
 */
export function raceEthnicityOf(
  race: string | undefined,
  ethnicity: string | undefined,
): { answers: HmisRaceEthnicity[] } | { unknown: 'race' | 'ethnicity' } {
  const answers = new Set<HmisRaceEthnicity>();
  for (const code of codes(race)) {
    const mapped = mapCode(code, SOURCE_RACE);
    if (mapped === undefined) return { unknown: 'race' };
    if (mapped !== null) answers.add(mapped);
  }
  for (const code of codes(ethnicity)) {
    const mapped = mapCode(code, SOURCE_ETHNICITY);
    if (mapped === undefined) return { unknown: 'ethnicity' };
    if (mapped !== null) answers.add(mapped);
  }
  const real = [...answers].filter((answer) => !ALONE.has(answer));
  if (real.length > 0) return { answers: real.sort() };
  const [alone] = [...answers];
  return { answers: [alone ?? 'data_not_collected'] };
}

/** The group a person's answers are counted under in the comparison cohort. */
export function equityGroupOf(answers: readonly HmisRaceEthnicity[]): EquityGroup {
  return answers.length === 1 ? answers[0] : answers.length === 0 ? 'data_not_collected' : 'multiple';
}

function codes(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split('|')
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);
}

function mapCode(code: string, source: Readonly<Record<string, HmisRaceEthnicity | null>>) {
  if (HMIS.has(code)) return code as HmisRaceEthnicity;
  return Object.hasOwn(source, code) ? source[code] : undefined;
}
