import { defineEventContract, type ContractData } from '../../event-contract.js';
import { arrayOf, choice, integer, object, uuid, yearMonth } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { coveredThrough, equityGroup, justiceDistrict, justiceImportId } from './justice-fields.js';

/** Cells per event at most: the producer splits an import's cells over several parts. */
export const COMPARISON_CELLS_PER_PART = 500;

const count = (what: string) => integer(what, { minimum: 0 });

export const justiceComparisonCountedV1 = defineEventContract({
  type: 'lead.justice.comparison-counted',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'One part of a justice-system import’s comparison cohort: counts of people who never entered LEAD.',
  description:
    'The rows of an import that matched no LEAD participant, as aggregates only (docs/justice-import.md): counts by ' +
    'district, month and group of arrests, charges, felony charges, bookings, jail days and prison admissions; and ' +
    'for the time to re-arrest, people per district, year and quarter of their first arrest in the file, group, day and ' +
    'outcome (re-arrested that day, or censored then at `coveredThrough`). No person is named: the envelope’s ' +
    'participant id is the jurisdiction’s comparison cohort (a UUID v5 of the jurisdiction, the same for every ' +
    'import of it), never a participant. An import’s cells come in `parts` events (`part` 1…`parts`) sharing ' +
    '`comparisonId`; the same file imported again is counted once. One person split across two imports counts as ' +
    'two people, and small cells are not withheld here: reports withhold them.',
  data: object({
    comparisonId: uuid(
      'The file’s comparison counts: derived from the jurisdiction, `coveredThrough` and the file’s digest.',
    ),
    importId: justiceImportId(),
    coveredThrough: coveredThrough(),
    part: integer('Which part this is, from 1.', { minimum: 1 }),
    parts: integer('How many parts the import’s cells come in.', { minimum: 1 }),
    counts: arrayOf(
      object(
        {
          district: justiceDistrict(),
          month: yearMonth('The month of the events counted.'),
          equityGroup: equityGroup(),
          arrests: count('Arrests.'),
          charges: count('Charges filed.'),
          felonyCharges: count('Of the charges, felonies.'),
          bookings: count('Jail bookings.'),
          jailDays: count('Jail days of the releases in the month.'),
          prisonAdmissions: count('Prison admissions.'),
        },
        'The counts of one district, month and group.',
      ),
      'Counts by district, month and group.',
      { maxItems: COMPARISON_CELLS_PER_PART },
    ),
    survival: arrayOf(
      object(
        {
          district: justiceDistrict(),
          indexYear: integer('The calendar year of the index arrest.', { minimum: 1900, maximum: 2999 }),
          indexQuarter: integer('The calendar quarter (1 to 4) of the index arrest.', { minimum: 1, maximum: 4 }),
          equityGroup: equityGroup(),
          day: integer('Days from the index arrest.', { minimum: 0, maximum: 36500 }),
          outcome: choice(['rearrested', 'censored'], 'Re-arrested on that day, or seen that long without one.'),
          people: integer('How many people.', { minimum: 1 }),
        },
        'People of one district, index quarter and group with the same days and outcome.',
      ),
      'Time to the next arrest after each comparison person’s first arrest in the file.',
      { maxItems: COMPARISON_CELLS_PER_PART },
    ),
  }),
});

export type JusticeComparisonCountedV1 = ContractData<typeof justiceComparisonCountedV1>;
