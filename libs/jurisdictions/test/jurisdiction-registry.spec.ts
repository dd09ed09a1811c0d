import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JurisdictionConfigError, JurisdictionRegistry, type Protocol } from '../src/index.js';

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
});
