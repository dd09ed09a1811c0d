import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstrumentConfigError } from './instrument-config-error.js';
import { InstrumentRegistry, instrumentFile } from './instrument-registry.js';

/** A file as a test damages it: any field may be replaced, added or deleted, whatever its type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests write invalid files on purpose
type RawFile = Record<string, any>;

const SHIPPED = join(process.cwd(), 'config', 'instruments');

/** The HUD HMIS FY2026 elements the LEAD psychosocial intake promises to cover. */
const HMIS_ELEMENTS = ['3.917', '4.02', '4.03', '4.04', '4.05', '4.06', '4.07', '4.08', '4.09', '4.10', '4.12'];

describe('InstrumentRegistry', () => {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  const copy = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'lead-instruments-'));
    dirs.push(dir);
    cpSync(SHIPPED, dir, { recursive: true });
    return dir;
  };
  const edit = (dir: string, file: string, change: (json: RawFile) => void): string => {
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    change(json);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };
  const problemsOf = (dir: string) => {
    try {
      InstrumentRegistry.load(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(InstrumentConfigError);
      return (error as InstrumentConfigError).problems;
    }
    throw new Error('the instruments were accepted');
  };

  describe('the shipped instruments', () => {
    const registry = InstrumentRegistry.load(SHIPPED);

    it('all parse', () =>
      expect(registry.all().map((i) => `${i.id} ${i.version}`)).toEqual([
        'lead-psychosocial-intake 2026-01',
        'samhsa-suprt 2025-10',
      ]));

    it('cover every HMIS element the LEAD intake maps, each with the HMIS missing-data answers', () => {
      const intake = registry.latest('lead-psychosocial-intake')!;
      for (const element of HMIS_ELEMENTS) {
        const item = intake.items.find((i) => i.hmis === element);
        expect({ element, item: item?.id }).toEqual({ element, item: expect.any(String) });
        const codes = intake.answerSets[item!.answerSet].map((o) => o.code);
        expect(codes).toEqual(expect.arrayContaining(['8', '9', '99']));
      }
    });

    it('offer the HMIS living situation groups and substance use answers', () => {
      const intake = registry.get('lead-psychosocial-intake', '2026-01')!;
      const living = intake.answerSets[intake.items.find((i) => i.hmis === '3.917')!.answerSet];
      expect(new Set(living.map((o) => o.group))).toEqual(
        new Set(['homeless', 'institutional', 'temporary', 'permanent', 'other']),
      );
      expect(living.find((o) => o.code === '116')?.group).toBe('homeless');
      expect(living.find((o) => o.code === '207')?.group).toBe('institutional');
      const sud = intake.answerSets[intake.items.find((i) => i.hmis === '4.10')!.answerSet];
      expect(sud.map((o) => [o.code, o.label])).toEqual(
        expect.arrayContaining([
          ['1', 'Alcohol use disorder'],
          ['2', 'Drug use disorder'],
          ['3', 'Both alcohol and drug use disorders'],
        ]),
      );
    });

    it('give the LEAD intake an entry at intake and a reassessment every 90 days', () =>
      expect(registry.latest('lead-psychosocial-intake')!.schedule.occasions).toEqual([
        expect.objectContaining({ occasion: 'entry', anchor: 'intake', offsetDays: 0, windowBeforeDays: 0 }),
        expect.objectContaining({ occasion: 'reassessment', anchor: 'intake', repeat: { everyDays: 90 } }),
      ]));

    it("give SUPRT SAMHSA's windows: baseline in 30 days, reassessment at 180 ± 30, closeout in 30 days of exit", () =>
      expect(
        registry
          .latest('samhsa-suprt')!
          .schedule.occasions.map((o) => [o.occasion, o.anchor, o.offsetDays, o.windowBeforeDays, o.windowAfterDays]),
      ).toEqual([
        ['baseline', 'intake', 0, 0, 30],
        ['reassessment', 'intake', 180, 30, 30],
        ['closeout', 'exit', 0, 0, 30],
      ]));
  });

  it('finds a version, the latest version, and nothing for what is not there', () => {
    const dir = copy();
    const older = join(dir, 'samhsa-suprt', '2025-10.json');
    writeFileSync(
      join(dir, 'samhsa-suprt', '2026-04.json'),
      JSON.stringify({ ...JSON.parse(readFileSync(older, 'utf8')), version: '2026-04' }),
    );
    const registry = InstrumentRegistry.load(dir);
    expect(registry.latest('samhsa-suprt')?.version).toBe('2026-04');
    expect(registry.get('samhsa-suprt', '2025-10')?.version).toBe('2025-10');
    expect(registry.get('samhsa-suprt', '2024-10')).toBeUndefined();
    expect(registry.latest('vi-spdat')).toBeUndefined();
    expect(registry.all().map((i) => i.version)).toEqual(['2026-01', '2025-10', '2026-04']);
    expect(instrumentFile('samhsa-suprt', '2026-04')).toBe('samhsa-suprt/2026-04.json');
  });

  it('refuses a file whose id or version disagrees with where it sits', () => {
    const dir = copy();
    const file = edit(dir, 'samhsa-suprt/2025-10.json', (j) => {
      j.id = 'samhsa-gpra';
      j.version = '2025-11';
    });
    expect(problemsOf(dir)).toEqual([
      { file, path: 'id', problem: 'must be "samhsa-suprt", the folder it is in' },
      { file, path: 'version', problem: 'must be "2025-10", the file\'s name' },
    ]);
  });

  it('refuses a file that is not JSON and a stray file, naming each, and every bad file at once', () => {
    const dir = copy();
    const broken = join(dir, 'samhsa-suprt', '2026-04.json');
    writeFileSync(broken, '{ "id": ');
    writeFileSync(join(dir, 'README.json'), '{}');
    const bad = edit(dir, 'lead-psychosocial-intake/2026-01.json', (j) => (j.items[0].answerSet = 'hmis-yes-no-maybe'));
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      { file: join(dir, 'README.json'), path: '', problem: 'must be a folder named after an instrument' },
      { file: bad, path: 'items[0].answerSet', problem: expect.stringContaining('"hmis-yes-no-maybe"') },
      { file: broken, path: '', problem: expect.stringMatching(/^is not valid JSON/) },
    ]);
  });

  it('loads an empty folder as no instruments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lead-instruments-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'unused'));
    expect(InstrumentRegistry.load(dir).all()).toEqual([]);
  });
});
