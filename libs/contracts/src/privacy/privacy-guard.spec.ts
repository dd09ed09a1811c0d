import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditCheckpointSignedV1 } from '../audit/audit-checkpoint-signed.v1.js';
import { auditContracts } from '../audit/audit-event.js';
import { contractCatalogue } from '../contract-catalogue.js';
import { readPublishedSchemas } from '../publication/published-schema.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { personalDataNameRule, wordsOf } from './personal-data-names.js';
import { findPrivacyViolations } from './privacy-guard.js';

const publishedDirectory = fileURLToPath(new URL('../../published/', import.meta.url));

/** A closed object holding the given properties: only the property under test can be at fault. */
const closed = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const safeString: JsonSchema = { type: 'string', format: 'uuid' };

const violations = (schema: JsonSchema) => findPrivacyViolations(schema).map(({ field, rule }) => `${rule} ${field}`);

describe('the privacy guard on the contracts', () => {
  it('finds nothing in any version of any event type', () => {
    for (const contract of contractCatalogue) {
      expect({
        event: `${contract.type} v${contract.version}`,
        violations: findPrivacyViolations(contract.schema),
      }).toEqual({
        event: `${contract.type} v${contract.version}`,
        violations: [],
      });
    }
  });

  it('finds nothing in any published schema file', () => {
    const published = readPublishedSchemas(publishedDirectory);
    expect(published.length).toBeGreaterThanOrEqual(contractCatalogue.length);
    expect(fs.readdirSync(publishedDirectory).filter((f) => path.extname(f) === '.json')).toHaveLength(
      published.length,
    );
    for (const { type, version, schema } of published) {
      expect({ file: `${type}.v${version}`, violations: findPrivacyViolations(schema) }).toEqual({
        file: `${type}.v${version}`,
        violations: type === auditCheckpointSignedV1.type ? [FINGERPRINT_CHARS] : [],
      });
    }
  });

  it('guards the audit events too, with one exception: the name the checkpoint signature fixes', () => {
    for (const contract of auditContracts)
      expect(findPrivacyViolations(contract.schema)).toEqual(
        contract.type === auditCheckpointSignedV1.type ? [FINGERPRINT_CHARS] : [],
      );
  });
});

/**
 * `fingerprintChars` counts the hex characters of each event hash a checkpoint file keeps (libs/event-store): no
 * person's fingerprint. The name is part of the signed statement, so it cannot change; the rule is right to fire on
 * the name anywhere else.
 */
const FINGERPRINT_CHARS = {
  schemaPath: '/',
  field: 'fingerprintChars',
  rule: 'personal-data-name',
  message: 'field "fingerprintChars" looks like a physical or biometric description, which must not travel',
};

describe('the privacy guard', () => {
  it.each([
    ['name', 'a name'],
    ['firstName', 'a name'],
    ['last_name', 'a name'],
    ['SURNAME', 'a name'],
    ['aka', 'a name'],
    ['dob', 'a birth date or age'],
    ['DOB', 'a birth date or age'],
    ['dateOfBirth', 'a birth date or age'],
    ['birthYear', 'a birth date or age'],
    ['ageAtReferral', 'a birth date or age'],
    ['homeAddress', 'an address or location'],
    ['street', 'an address or location'],
    ['city', 'an address or location'],
    ['zip', 'an address or location'],
    ['zipCode', 'an address or location'],
    ['postalCode', 'an address or location'],
    ['lastKnownLocation', 'an address or location'],
    ['latitude', 'an address or location'],
    ['phone', 'contact details'],
    ['mobilePhoneNumber', 'contact details'],
    ['eMail', 'contact details'],
    ['ssn', 'a government or record identifier'],
    ['socialSecurityNumber', 'a government or record identifier'],
    ['driversLicenseNumber', 'a government or record identifier'],
    ['courtCaseNumber', 'a government or record identifier'],
    ['offenseNarrative', 'free text'],
    ['description', 'free text'],
    ['notes', 'free text'],
    ['caseNote', 'free text'],
    ['comment', 'free text'],
    ['freeText', 'free text'],
    ['diagnosis', 'clinical or substance-use detail'],
    ['icd10Code', 'clinical or substance-use detail'],
    ['substanceUsed', 'clinical or substance-use detail'],
    ['primarySubstance', 'clinical or substance-use detail'],
    ['clinicalFindings', 'clinical or substance-use detail'],
    ['drugQuantity', 'clinical or substance-use detail'],
    ['medicationList', 'clinical or substance-use detail'],
    ['mentalHealthStatus', 'clinical or substance-use detail'],
    ['informantStatus', 'informant or source information'],
    ['sourceInformation', 'informant or source information'],
    ['confidentialSource', 'informant or source information'],
    ['race', 'a sensitive demographic'],
    ['ethnicity', 'a sensitive demographic'],
    ['gender', 'a sensitive demographic'],
    ['victimName', 'a name'],
    ['victimId', 'details of a victim'],
  ])('flags a field named %s as %s', (field, discloses) => {
    expect(personalDataNameRule(field)?.discloses).toBe(discloses);
  });

  it.each([
    'engagementLevel',
    'traceparent',
    'stage',
    'usage',
    'percentage',
    'referralId',
    'caseManagerAgency',
    'minutesFromCall',
    'domainsAssessed',
    'outreachAttempt',
    'housingStatus',
    'nonCashBenefits',
    'recordCustodians',
    'coordinationId',
    'protocolVersion',
    'offenseCode',
    'reasonCode',
  ])('lets %s through', (field) => {
    expect(personalDataNameRule(field)).toBeUndefined();
  });

  it('splits names into words across conventions', () => {
    expect(wordsOf('dateOfBirth')).toEqual(['date', 'of', 'birth']);
    expect(wordsOf('DATE_OF_BIRTH')).toEqual(['date', 'of', 'birth']);
    expect(wordsOf('date-of-birth')).toEqual(['date', 'of', 'birth']);
    expect(wordsOf('ICD10Code')).toEqual(['icd', '10', 'code']);
    expect(wordsOf('SSNLast4')).toEqual(['ssn', 'last', '4']);
  });

  it('catches a planted personal field wherever it hides in a schema', () => {
    const planted: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      required: ['referralId', 'people', 'outcome', 'contact'],
      properties: {
        referralId: safeString,
        people: { type: 'array', items: closed({ id: safeString, firstName: safeString }) },
        outcome: { anyOf: [closed({ code: safeString }), closed({ diagnosis: safeString })] },
        contact: { $ref: '#/$defs/contact' },
      },
      $defs: { contact: closed({ phoneNumber: safeString }) },
    };
    expect(violations(planted).sort()).toEqual([
      'personal-data-name #contact.phoneNumber',
      'personal-data-name outcome.diagnosis',
      'personal-data-name people[].firstName',
    ]);
  });

  it('catches a personal field listed only as required', () => {
    expect(violations({ ...closed({ id: safeString }), required: ['id', 'dob'] })).toEqual(['personal-data-name dob']);
  });

  it('catches strings that accept free text', () => {
    const schema = closed({
      plain: { type: 'string' },
      long: { type: 'string', maxLength: 2000 },
      loosePattern: { type: 'string', pattern: '^[A-Za-z ]+$' },
      unanchored: { type: 'string', pattern: '[0-9]' },
      contactFormat: { type: 'string', format: 'email' },
      uri: { type: ['string', 'null'], format: 'uri' },
      code: { type: 'string', pattern: '^[a-z_]{1,32}$' },
      level: { type: 'string', enum: ['low', 'high'] },
      day: { type: 'string', format: 'date' },
    });
    expect(violations(schema).sort()).toEqual([
      'free-text contactFormat',
      'free-text long',
      'free-text loosePattern',
      'free-text plain',
      'free-text unanchored',
      'free-text uri',
    ]);
  });

  it('catches objects that accept fields they do not list, and values with no constraint', () => {
    const schema = closed({
      open: { type: 'object', properties: { id: safeString } },
      byPattern: { type: 'object', patternProperties: { '^x-': safeString }, additionalProperties: false },
      anything: {},
      list: { type: 'array' },
      yes: true as unknown as JsonSchema,
    });
    expect(violations(schema).sort()).toEqual([
      'open-object byPattern',
      'open-object open',
      'unconstrained anything',
      'unconstrained list',
      'unconstrained yes',
    ]);
  });
});
