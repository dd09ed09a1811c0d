import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  afterIntakeOf,
  aggrievedPartyAgreementOf,
  JurisdictionConfigError,
  JurisdictionRegistry,
  type Protocol,
} from '../src/index.js';

/** A shipped file as a test may damage it: the protocol's shape plus anything else. */
type ProtocolFile = Protocol & Record<string, unknown>;

const SHIPPED = join(process.cwd(), 'config');

/** A copy of the shipped config folder the test may damage. */
function configCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lead-config-'));
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}

function edit(dir: string, jurisdiction: string, version: string, change: (json: ProtocolFile) => void): string {
  const file = join(dir, 'jurisdictions', jurisdiction, `${version}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  change(json);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

function problemsOf(dir: string) {
  try {
    JurisdictionRegistry.load(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(JurisdictionConfigError);
    return (error as JurisdictionConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('jurisdiction configuration', () => {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  const copy = () => {
    const d = configCopy();
    dirs.push(d);
    return d;
  };

  it('loads every shipped jurisdiction', () => {
    const registry = JurisdictionRegistry.load(SHIPPED);
    expect(registry.jurisdictions().sort()).toEqual([
      'denver',
      'hartford-new-haven',
      'rochester-monroe',
      'san-luis-valley',
      'seattle-king-county',
    ]);
    const denver = registry.versionsOf('denver')[0];
    expect(denver.districts.map((d) => d.id)).toEqual(['1', '2', '6']);
    expect(denver.agencies.filter((a) => a.kind === 'provider').map((a) => a.id)).toEqual(['ARTS', 'TEP']);
    expect(denver.agencies.filter((a) => a.kind === 'prosecutor').map((a) => a.id)).toEqual(['DDA', 'DCAO']);
    expect(denver.doors.community.open).toBe(true);
    expect(registry.versionsOf('san-luis-valley')[0].doors.community).toEqual({ open: false, referrers: [] });
    expect(registry.versionsOf('seattle-king-county')[0].exclusions.drugQuantityGrams.powder).toBe(3);
    expect(registry.versionsOf('hartford-new-haven')[0].districts.map((d) => d.id)).toEqual(['hartford', 'new-haven']);
  });

  it('marks every value it had to choose, and only settings that exist', () => {
    const registry = JurisdictionRegistry.load(SHIPPED);
    for (const jurisdiction of registry.jurisdictions()) {
      for (const protocol of registry.versionsOf(jurisdiction)) expect(protocol.unpublished.length).toBeGreaterThan(0);
    }
  });

  it('says when each shipped version was adopted, marked unpublished where the date is not published', () => {
    const registry = JurisdictionRegistry.load(SHIPPED);
    for (const jurisdiction of registry.jurisdictions()) {
      for (const protocol of registry.versionsOf(jurisdiction)) {
        expect(protocol.adoptedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(protocol.adoptedOn! <= protocol.effectiveFrom).toBe(true);
        expect(protocol.unpublished).toContain('adoptedOn');
      }
    }
  });

  it('rejects an adoption date after the effective date, and takes a file without one', () => {
    const dir = copy();
    const file = edit(dir, 'denver', '2018-07', (j) => (j.adoptedOn = '2018-07-02'));
    expect(problemsOf(dir)).toEqual([
      {
        file,
        path: 'adoptedOn',
        problem:
          'must not be after effectiveFrom (2018-07-01): a version cannot govern acts from before it was adopted',
      },
    ]);
    edit(dir, 'denver', '2018-07', (j) => {
      delete j.adoptedOn;
      j.unpublished = j.unpublished.filter((p) => p !== 'adoptedOn');
    });
    expect(JurisdictionRegistry.load(dir).version('denver', '2018-07')?.adoptedOn).toBeUndefined();
  });

  it('rejects an unknown offense code, naming file, path and code', () => {
    const dir = copy();
    const file = edit(dir, 'denver', '2018-07', (j) => j.divertibleOffenses.push('CO-99-99-999'));
    expect(problemsOf(dir)).toEqual([
      { file, path: 'divertibleOffenses[3]', problem: 'unknown offense code "CO-99-99-999"' },
    ]);
  });

  it("rejects another state's offense", () => {
    const dir = copy();
    edit(dir, 'denver', '2018-07', (j) => (j.divertibleOffenses = ['WA-69.50.4013']));
    expect(problemsOf(dir)[0]).toMatchObject({
      path: 'divertibleOffenses[0]',
      problem: 'offense "WA-69.50.4013" is a WA offense, not CO',
    });
  });

  it('rejects ids the contracts could not publish: an agency or district id with a space or a leading underscore', () => {
    const dir = copy();
    edit(dir, 'denver', '2018-07', (j) => {
      j.agencies[0].id = '_DPD';
      j.districts[0].id = 'district 1';
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'agencies[0].id' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: 'districts[0].id' }));
  });

  it('rejects a negative or fractional deadline', () => {
    const dir = copy();
    edit(dir, 'seattle-king-county', '2011-10', (j) => {
      j.intakeDeadlineDays = -7;
      j.handOffTargetMinutes = 12.5;
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'intakeDeadlineDays', problem: 'must be greater than 0' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'handOffTargetMinutes', problem: 'must be a whole number' }),
    );
  });

  it('rejects a program without a case-management provider, and doors used by unknown agencies', () => {
    const dir = copy();
    edit(dir, 'denver', '2018-07', (j) => {
      j.agencies = j.agencies.filter((a) => a.kind !== 'provider');
      j.doors.social_contact.referrers.push('NOPE');
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'agencies',
        problem: 'must include at least one case-management provider (kind "provider")',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'doors.social_contact.referrers[1]',
        problem: 'names agency "NOPE", which is not among the agencies',
      }),
    );
  });

  it('rejects unknown settings, missing doors, bad quantities and invalid JSON, all in one report', () => {
    const dir = copy();
    edit(dir, 'hartford-new-haven', '2019-07', (j) => {
      j.informantSource = 'x';
      delete (j.doors as Partial<ProtocolFile['doors']>).community;
      j.exclusions.drugQuantityGrams.powder = 0;
    });
    writeFileSync(join(dir, 'jurisdictions', 'denver', '2018-07.json'), '{ not json');
    const problems = problemsOf(dir);
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['informantSource', 'doors.community', 'exclusions.drugQuantityGrams.powder', '']),
    );
    expect(new JurisdictionConfigError(problems).message).toContain('2018-07.json: (root): is not valid JSON');
  });

  it('requires the folder and file names to match the jurisdiction and version', () => {
    const dir = copy();
    edit(dir, 'denver', '2018-07', (j) => (j.version = '2018-08'));
    expect(problemsOf(dir)).toContainEqual(
      expect.objectContaining({ path: 'version', problem: 'must be "2018-07", the file\'s name' }),
    );
  });

  it('answers the version in force at an instant; a later version does not change what governed earlier acts', () => {
    const dir = copy();
    const later = JSON.parse(readFileSync(join(dir, 'jurisdictions', 'denver', '2018-07.json'), 'utf8'));
    later.version = '2021-01';
    later.effectiveFrom = '2021-01-01';
    later.exclusions.drugQuantityGrams.powder = 6;
    writeFileSync(join(dir, 'jurisdictions', 'denver', '2021-01.json'), JSON.stringify(later));
    const registry = JurisdictionRegistry.load(dir);
    expect(registry.protocolInForce('denver', new Date('2018-06-30T23:59:59Z'))).toBeUndefined();
    expect(registry.protocolInForce('denver', new Date('2018-07-01T00:00:00Z'))?.version).toBe('2018-07');
    expect(
      registry.protocolInForce('denver', new Date('2020-12-31T23:00:00Z'))?.exclusions.drugQuantityGrams.powder,
    ).toBe(3);
    expect(registry.protocolInForce('denver', new Date('2021-01-01T00:00:00Z'))?.version).toBe('2021-01');
    expect(registry.protocolInForce('nowhere', new Date())).toBeUndefined();
  });

  describe('settings added in 2026-12', () => {
    const NEW_SETTINGS = [
      'timeZone',
      'afterIntake',
      'terminationCriteria',
      'aggrievedPartyAgreement',
      'decisionPoints',
    ] as const;

    it('leaves them out of the versions adopted before, which read as they were adopted', () => {
      const registry = JurisdictionRegistry.load(SHIPPED);
      for (const [jurisdiction, version] of [
        ['denver', '2018-07'],
        ['san-luis-valley', '2019-01'],
        ['hartford-new-haven', '2019-07'],
        ['seattle-king-county', '2011-10'],
      ]) {
        const protocol = registry.version(jurisdiction, version)!;
        for (const key of NEW_SETTINGS) expect(protocol).not.toHaveProperty(key);
        expect(protocol.sealing).not.toHaveProperty('startsAt');
        expect(protocol.sealing).not.toHaveProperty('effect');
        expect(protocol.aggrievedPartyAgreementRequired).toBe(false);
        expect(afterIntakeOf(protocol)).toBe('await_prosecutor_decision');
        expect(aggrievedPartyAgreementOf(protocol)).toBe('not_required');
      }
    });

    it('ships a 2026-12 version of every program, governing from 2026-12-01', () => {
      const registry = JurisdictionRegistry.load(SHIPPED);
      const at = new Date('2026-12-01T00:00:00Z');
      const inForce = (j: string) => registry.protocolInForce(j, at)!;
      for (const j of registry.jurisdictions()) {
        expect(inForce(j)).toMatchObject({ version: '2026-12', effectiveFrom: '2026-12-01', adoptedOn: '2026-11-20' });
        expect(inForce(j).unpublished).toEqual(expect.arrayContaining(['effectiveFrom', 'adoptedOn']));
        expect(inForce(j)).not.toHaveProperty('aggrievedPartyAgreementRequired');
      }
      expect(registry.protocolInForce('denver', new Date('2026-11-30T23:59:59Z'))?.version).toBe('2018-07');
      expect(Object.fromEntries(registry.jurisdictions().map((j) => [j, inForce(j).timeZone]))).toEqual({
        denver: 'America/Denver',
        'hartford-new-haven': 'America/New_York',
        'rochester-monroe': 'America/New_York',
        'san-luis-valley': 'America/Denver',
        'seattle-king-county': 'America/Los_Angeles',
      });
      expect(Object.fromEntries(registry.jurisdictions().map((j) => [j, afterIntakeOf(inForce(j))]))).toEqual({
        denver: 'decline_automatically',
        'hartford-new-haven': 'decline_automatically',
        'rochester-monroe': 'decline_automatically',
        'san-luis-valley': 'await_prosecutor_decision',
        'seattle-king-county': 'decline_automatically',
      });
      expect(inForce('denver').sealing).toEqual({
        rule: expect.any(String),
        authority: 'C.R.S. 24-72-704',
        eligibleAfterDays: 0,
        custodians: ['police', 'prosecutor', 'court', 'jail'],
        startsAt: 'charge_not_filed',
        effect: 'sealable_on_request',
      });
      expect(inForce('san-luis-valley').terminationCriteria!.map((c) => c.code)).toContain('new_violent_felony');
      expect(inForce('san-luis-valley').unpublished).toContain('terminationCriteria');
      expect(inForce('denver').terminationCriteria).toEqual([]);
    });

    it('ships Rochester/Monroe County with New York offenses, the aggrieved party present and expungement after 30 days', () => {
      const registry = JurisdictionRegistry.load(SHIPPED);
      const rochester = registry.version('rochester-monroe', '2026-12')!;
      expect(rochester).toMatchObject({
        state: 'NY',
        intakeDeadlineDays: 30,
        aggrievedPartyAgreement: 'required_when_present',
        prosecutorReviewRequired: false,
        sealing: { startsAt: 'participation_days', eligibleAfterDays: 30, effect: 'expunged' },
        decisionPoints: ['stop', 'arrest', 'referral_offered', 'referral_accepted', 'charge_filed', 'charge_declined'],
      });
      expect(aggrievedPartyAgreementOf(rochester)).toBe('required_when_present');
      expect(rochester.divertibleOffenses).toContain('NY-PL-220.03');
      for (const code of rochester.divertibleOffenses) expect(registry.offenses.get(code)?.state).toBe('NY');
      expect(rochester.agencies.find((a) => a.liaison)?.name).toBe("Monroe County District Attorney's Office");
      expect(rochester.unpublished).toEqual(
        expect.arrayContaining(['agencies', 'unitCosts.jailDay', 'decisionPoints']),
      );
    });

    it('answers the time zone of a version, from a later version where it names none', () => {
      const registry = JurisdictionRegistry.load(SHIPPED);
      expect(registry.timeZoneOf('denver', '2018-07')).toBe('America/Denver');
      expect(registry.timeZoneOf('seattle-king-county', '2011-10')).toBe('America/Los_Angeles');
      expect(registry.timeZoneOf('rochester-monroe', '2026-12')).toBe('America/New_York');
      expect(() => registry.timeZoneOf('denver', '1999-01')).toThrow(JurisdictionConfigError);
      expect(() => registry.timeZoneOf('nowhere', '2026-12')).toThrow(JurisdictionConfigError);

      const dir = copy();
      edit(dir, 'denver', '2026-12', (j) => delete j.timeZone);
      expect(() => JurisdictionRegistry.load(dir).timeZoneOf('denver', '2018-07')).toThrow(
        /no version of denver names the time zone its days are counted in/,
      );
    });

    it('reads the older boolean and the newer key as one rule', () => {
      expect(aggrievedPartyAgreementOf({ aggrievedPartyAgreementRequired: true })).toBe('required');
      expect(aggrievedPartyAgreementOf({ aggrievedPartyAgreementRequired: false })).toBe('not_required');
      expect(aggrievedPartyAgreementOf({ aggrievedPartyAgreement: 'required_when_present' })).toBe(
        'required_when_present',
      );
    });

    it('rejects a zone, fate, criterion, sealing term or decision point it does not know, naming each path', () => {
      const dir = copy();
      const file = edit(dir, 'san-luis-valley', '2026-12', (j) => {
        j.timeZone = 'America/Alamosa';
        j.afterIntake = 'dismiss' as never;
        j.terminationCriteria = [
          { code: 'New Felony', description: 'x' },
          { code: 'late', description: '' },
          { code: 'late', description: 'again' },
        ];
        j.sealing.startsAt = 'arrest' as never;
        j.sealing.effect = 'erased' as never;
        j.decisionPoints = ['stop', 'stop', 'Charge'];
      });
      expect(problemsOf(dir)).toEqual([
        { file, path: 'sealing.startsAt', problem: 'must be one of charge_not_filed, participation_days' },
        { file, path: 'sealing.effect', problem: 'must be one of sealable_on_request, expunged' },
        { file, path: 'timeZone', problem: '"America/Alamosa" is not an IANA time zone this runtime knows' },
        { file, path: 'afterIntake', problem: 'must be one of decline_automatically, await_prosecutor_decision' },
        { file, path: 'terminationCriteria[0].code', problem: 'must match /^[a-z][a-z0-9_]{1,63}$/' },
        { file, path: 'terminationCriteria[1].description', problem: 'must be a non-empty string' },
        { file, path: 'terminationCriteria', problem: 'criterion code "late" appears twice' },
        { file, path: 'decisionPoints[2]', problem: 'must match /^[a-z][a-z0-9_]{1,63}$/' },
        { file, path: 'decisionPoints', problem: 'decision point "stop" appears twice' },
      ]);
    });

    it('takes exactly one of the two aggrieved-party keys', () => {
      const dir = copy();
      const both = edit(dir, 'denver', '2026-12', (j) => (j.aggrievedPartyAgreementRequired = false));
      const neither = edit(dir, 'rochester-monroe', '2026-12', (j) => delete j.aggrievedPartyAgreement);
      const wrong = edit(dir, 'seattle-king-county', '2026-12', (j) => (j.aggrievedPartyAgreement = 'yes' as never));
      expect(problemsOf(dir)).toEqual(
        expect.arrayContaining([
          {
            file: both,
            path: 'aggrievedPartyAgreementRequired',
            problem: 'is replaced by aggrievedPartyAgreement: a file says one of them, not both',
          },
          {
            file: neither,
            path: 'aggrievedPartyAgreement',
            problem: 'must be one of not_required, required, required_when_present',
          },
          {
            file: wrong,
            path: 'aggrievedPartyAgreement',
            problem: 'must be one of not_required, required, required_when_present',
          },
        ]),
      );
    });
  });
});
