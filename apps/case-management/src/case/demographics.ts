/**
 * HMIS 3.04 Race and Ethnicity (FY2024+: one element, several answers allowed) and HMIS 4.21 Sex (FY2026, replacing
 * the retired Gender element), recorded at intake for the equity reports. Sealed like every personal value.
 */
export { HMIS_RACE_ETHNICITY, type HmisRaceEthnicity } from '@lead/contracts';
import type { HmisRaceEthnicity } from '@lead/contracts';

/** The answers that stand alone: none is combined with a race. */
export const HMIS_RACE_ETHNICITY_ALONE: readonly HmisRaceEthnicity[] = [
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
];

export const HMIS_SEX = [
  'female',
  'male',
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
] as const;
export type HmisSex = (typeof HMIS_SEX)[number];

/** HMIS 4.12 Current Living Situation, by group (the full list is the assessment instrument's). */
export const LIVING_SITUATION_GROUPS = [
  'homeless',
  'institutional',
  'temporary',
  'permanent',
  'other',
  'client_doesnt_know',
  'client_prefers_not_to_answer',
  'data_not_collected',
] as const;
export type LivingSituationGroup = (typeof LIVING_SITUATION_GROUPS)[number];

/** What the intake seals as the participant's identity: the treating program learns it from the person. */
export interface IntakeIdentity {
  name: string;
  dateOfBirth: string;
  phone?: string;
}

export interface IntakeDemographics {
  raceEthnicity: HmisRaceEthnicity[];
  sex: HmisSex;
}
