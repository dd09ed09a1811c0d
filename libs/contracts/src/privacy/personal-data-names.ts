/**
 * Field names that suggest personal data, by what they would disclose. Integration events name
 * the participant by a pseudonymous id only (DESIGN.md §3, §6): no direct identifier, no contact
 * or location detail, no free text (which can carry anything, an offense narrative included), no
 * clinical or substance-use detail (42 CFR Part 2), nothing about informants (LEAD is not a
 * confidential-informant program), and no sensitive demographics (those reach evaluators in
 * de-identified exports under a data-use agreement, not every subscriber).
 *
 * Names are compared case-insensitively in two ways: `fragments` anywhere in the name with
 * separators removed (`dateOfBirth`, `date_of_birth` → `dateofbirth` ⊃ `birth`), and `words`
 * against the name's words (`zipCode` → `zip`, `code`), so that short words do not fire inside
 * harmless longer ones (`age` in `engagement`, `race` in `traceparent`, `sex` in `sussex`).
 */
export interface PersonalDataNameRule {
  /** What a field of this name would disclose, for the failure message. */
  discloses: string;
  fragments: readonly string[];
  words: readonly string[];
}

export const PERSONAL_DATA_NAME_RULES: readonly PersonalDataNameRule[] = [
  {
    discloses: 'a name',
    fragments: ['name', 'alias', 'moniker'],
    words: ['aka'],
  },
  {
    discloses: 'a birth date or age',
    fragments: ['birth', 'dateofdeath'],
    words: ['dob', 'dod', 'yob', 'age', 'ages'],
  },
  {
    discloses: 'an address or location',
    fragments: [
      'address',
      'street',
      'postal',
      'postcode',
      'zipcode',
      'latitude',
      'longitude',
      'geoloc',
      'coordinates',
      'residence',
      'apartment',
    ],
    words: ['zip', 'city', 'gps', 'lat', 'lng', 'lon', 'location', 'home', 'whereabouts'],
  },
  {
    discloses: 'contact details',
    fragments: ['phone', 'email', 'mailing'],
    words: ['fax', 'mobile', 'cell'],
  },
  {
    discloses: 'a government or record identifier',
    fragments: [
      'ssn',
      'socialsecurity',
      'passport',
      'driverslicense',
      'licensenumber',
      'medicaid',
      'medicare',
      'bookingnumber',
      'docket',
      'courtcase',
      'warrantnumber',
    ],
    words: ['mrn', 'sid', 'fbi'],
  },
  {
    discloses: 'a physical or biometric description',
    fragments: ['photo', 'fingerprint', 'biometric', 'mugshot', 'tattoo', 'eyecolor', 'haircolor'],
    words: ['height', 'weight', 'scar', 'scars', 'image'],
  },
  {
    discloses: 'free text',
    fragments: ['narrative', 'description', 'comment', 'remark', 'freetext', 'statement', 'explanation'],
    words: ['note', 'notes', 'text', 'summary', 'detail', 'details', 'story', 'message', 'memo', 'body'],
  },
  {
    discloses: 'clinical or substance-use detail',
    fragments: [
      'diagnos',
      'clinical',
      'substance',
      'medication',
      'prescription',
      'psychiatr',
      'symptom',
      'overdose',
      'toxicolog',
      'urinalysis',
      'dosage',
      'therapy',
      'mentalhealth',
      'treatment',
    ],
    words: ['drug', 'drugs', 'alcohol', 'hiv', 'icd', 'dsm', 'finding', 'findings', 'condition', 'conditions'],
  },
  {
    discloses: 'informant or source information',
    fragments: ['informant', 'tipster', 'cooperat', 'confidential'],
    words: ['source', 'sources', 'tip', 'tips'],
  },
  {
    discloses: 'a sensitive demographic',
    fragments: ['ethnic', 'religio', 'citizenship', 'immigration', 'sexualorientation', 'nationality'],
    words: ['race', 'gender', 'sex'],
  },
  {
    discloses: 'details of a victim',
    fragments: ['victim'],
    words: [],
  },
];

/** `dateOfBirth`, `date_of_birth`, `DATE-OF-BIRTH` → `['date', 'of', 'birth']`. */
export function wordsOf(fieldName: string): string[] {
  return fieldName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])|([0-9])([A-Za-z])/g, '$1$3 $2$4')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The first rule a field name breaks, or undefined for a name that suggests nothing personal. */
export function personalDataNameRule(fieldName: string): PersonalDataNameRule | undefined {
  const words = wordsOf(fieldName);
  const compact = words.join('');
  return PERSONAL_DATA_NAME_RULES.find(
    (rule) =>
      rule.fragments.some((fragment) => compact.includes(fragment)) || rule.words.some((word) => words.includes(word)),
  );
}
