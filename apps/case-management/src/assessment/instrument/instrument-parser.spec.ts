import { InstrumentConfigError } from './instrument-config-error.js';
import { parseInstrument } from './instrument-parser.js';

/** A file as a test damages it: any field may be replaced, added or deleted, whatever its type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests write invalid files on purpose
type RawFile = Record<string, any>;

const FILE = 'config/instruments/test-tool/2026-01.json';

/** A small valid instrument file, fresh for each test to damage. */
function valid(): RawFile {
  return {
    id: 'test-tool',
    version: '2026-01',
    name: 'Test tool',
    description: 'Two domains, three items.',
    domains: [
      { id: 'housing', name: 'Housing' },
      { id: 'health', name: 'Health' },
    ],
    answerSets: {
      'yes-no': [
        { code: '0', label: 'No' },
        { code: '1', label: 'Yes' },
        { code: '99', label: 'Data not collected' },
      ],
    },
    items: [
      { id: 'housed', domain: 'housing', prompt: 'Housed?', hmis: '4.12', answerSet: 'yes-no', required: true },
      { id: 'insured', domain: 'health', prompt: 'Insured?', answerSet: 'yes-no', required: true },
      { id: 'chronic', domain: 'health', prompt: 'Chronic condition?', answerSet: 'yes-no', required: false },
    ],
    scoring: [
      {
        domain: 'health',
        items: { insured: { '0': 1 }, chronic: { '1': 2 } },
        bands: [
          { id: 'low', label: 'Low', from: 0 },
          { id: 'high', label: 'High', from: 2 },
        ],
      },
    ],
    schedule: {
      occasions: [
        { occasion: 'entry', anchor: 'intake', offsetDays: 0, windowBeforeDays: 0, windowAfterDays: 7 },
        {
          occasion: 'reassessment',
          anchor: 'intake',
          offsetDays: 90,
          windowBeforeDays: 14,
          windowAfterDays: 14,
          repeat: { everyDays: 90 },
        },
        { occasion: 'closeout', anchor: 'exit', offsetDays: 0, windowBeforeDays: 0, windowAfterDays: 30 },
      ],
    },
  };
}

function problemsOf(change: (json: RawFile) => void): Array<{ path: string; problem: string }> {
  const json = valid();
  change(json);
  try {
    parseInstrument(json, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(InstrumentConfigError);
    const problems = (error as InstrumentConfigError).problems;
    for (const p of problems) expect(p.file).toBe(FILE);
    return problems.map(({ path, problem }) => ({ path, problem }));
  }
  throw new Error('the instrument was accepted');
}

describe('parseInstrument', () => {
  it('reads a valid file, with defaults for what it leaves out', () => {
    const instrument = parseInstrument(valid(), FILE);
    expect(instrument.items.map((i) => i.id)).toEqual(['housed', 'insured', 'chronic']);
    expect(instrument.items[0].hmis).toBe('4.12');
    expect(instrument.items[1].hmis).toBeUndefined();
    expect(instrument.answerSets['yes-no'].map((o) => o.code)).toEqual(['0', '1', '99']);
    expect(instrument.scoring[0].items.chronic).toEqual({ '1': 2 });
    expect(instrument.schedule.occasions[1]).toEqual({
      occasion: 'reassessment',
      anchor: 'intake',
      offsetDays: 90,
      windowBeforeDays: 14,
      windowAfterDays: 14,
      repeat: { everyDays: 90 },
      continuesAfterExit: false,
    });
  });

  it('accepts an instrument without scoring, and a scored domain without bands', () => {
    expect(parseInstrument({ ...valid(), scoring: undefined }, FILE).scoring).toEqual([]);
    const unbanded = parseInstrument(
      { ...valid(), scoring: [{ domain: 'health', items: { insured: { '0': 1 } } }] },
      FILE,
    );
    expect(unbanded.scoring[0].bands).toEqual([]);
  });

  it('names the error message after the file and the field', () => {
    const json = valid();
    json.items[0].answerSet = 'yes-no-maybe';
    expect(() => parseInstrument(json, FILE)).toThrow(
      `${FILE}: items[0].answerSet: names answer set "yes-no-maybe", which is not among the answerSets`,
    );
  });

  it('refuses unknown settings, at any depth', () =>
    expect(
      problemsOf((j) => {
        j.owner = 'me';
        j.items[1].weight = 3;
        j.schedule.occasions[0].graceDays = 2;
      }),
    ).toEqual([
      { path: 'owner', problem: 'is not a known setting' },
      { path: 'items[1].weight', problem: 'is not a known setting' },
      { path: 'schedule.occasions[0].graceDays', problem: 'is not a known setting' },
    ]));

  it('refuses missing and malformed top-level fields', () =>
    expect(
      problemsOf((j) => {
        j.id = 'Test Tool';
        j.version = '2026-13';
        delete j.name;
        j.domains = [];
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'id', problem: expect.stringMatching(/^must match/) },
        { path: 'version', problem: expect.stringMatching(/^must match/) },
        { path: 'name', problem: 'must be a non-empty string' },
        { path: 'domains', problem: 'must not be empty' },
      ]),
    ));

  it('refuses an item with an unknown answer set', () =>
    expect(problemsOf((j) => (j.items[1].answerSet = 'likert')).map((p) => p.path)).toEqual(['items[1].answerSet']));

  it('refuses an item in an unknown domain', () =>
    expect(problemsOf((j) => (j.items[0].domain = 'legal'))).toEqual([
      { path: 'items[0].domain', problem: 'names domain "legal", which is not among the domains' },
      // The housing domain is left with no items, which is a problem of its own.
      { path: 'domains[0]', problem: 'has no items' },
      // … and the scoring of housing scores nothing, so nothing more is reported.
    ]));

  it('refuses duplicate domain, item, option, band and occasion ids', () =>
    expect(
      problemsOf((j) => {
        j.domains.push({ id: 'health', name: 'Health again' });
        j.items.push({ ...j.items[0] });
        j.answerSets['yes-no'].push({ code: '1', label: 'Yes again' });
        j.scoring[0].bands.push({ id: 'low', label: 'Low again', from: 3 });
        j.scoring.push({ domain: 'health', items: { insured: { '0': 1 } } });
        j.schedule.occasions.push({ ...j.schedule.occasions[0] });
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'domains[2].id', problem: 'domain id "health" appears twice' },
        { path: 'items[3].id', problem: 'item id "housed" appears twice' },
        { path: 'answerSets.yes-no[3].code', problem: 'option code "1" appears twice' },
        { path: 'scoring[0].bands[2].id', problem: 'band id "low" appears twice' },
        { path: 'scoring[1].domain', problem: 'scored domain "health" appears twice' },
        { path: 'schedule.occasions[3].occasion', problem: 'occasion "entry" appears twice' },
      ]),
    ));

  it('refuses malformed answer sets and options', () =>
    expect(
      problemsOf((j) => {
        j.answerSets.Likert = [];
        j.answerSets['yes-no'][2] = { code: 'no answer', label: '' };
        j.answerSets['yes-no'][1].group = 'Permanent Housing';
      }),
    ).toEqual([
      { path: 'answerSets.yes-no[1].group', problem: expect.stringMatching(/^must match/) },
      { path: 'answerSets.yes-no[2].code', problem: expect.stringMatching(/^must match/) },
      { path: 'answerSets.yes-no[2].label', problem: 'must be a non-empty string' },
      { path: 'answerSets.Likert', problem: expect.stringMatching(/^answer set id must match/) },
      { path: 'answerSets.Likert', problem: 'must not be empty' },
    ]));

  it('refuses an HMIS element that is not an element number, and a required flag that is not a boolean', () =>
    expect(
      problemsOf((j) => {
        j.items[0].hmis = 'Current Living Situation';
        j.items[1].required = 'yes';
      }),
    ).toEqual([
      { path: 'items[0].hmis', problem: expect.stringMatching(/^must match/) },
      { path: 'items[1].required', problem: 'must be true or false' },
    ]));

  describe('scoring', () => {
    it('refuses a scored domain, item or option that does not exist', () =>
      expect(
        problemsOf((j) => {
          j.scoring.push({ domain: 'legal', items: { housed: { '1': 1 } } });
          j.scoring[0].items.employed = { '1': 1 };
          j.scoring[0].items.insured = { '2': 1 };
        }),
      ).toEqual([
        { path: 'scoring[0].items.insured.2', problem: 'scores option "2", which answer set "yes-no" does not offer' },
        { path: 'scoring[0].items.employed', problem: 'scores item "employed", which is not among the items' },
        { path: 'scoring[1].domain', problem: 'names domain "legal", which is not among the domains' },
        {
          path: 'scoring[1].items.housed',
          problem: 'scores item "housed", which belongs to domain "housing", not "legal"',
        },
      ]));

    it('refuses a domain that scores nothing, and points that are not numbers', () =>
      expect(
        problemsOf((j) => {
          j.scoring.push({ domain: 'housing', items: {} });
          j.scoring[0].items.insured = { '0': 'one' };
          j.scoring[0].items.chronic = {};
        }),
      ).toEqual(
        expect.arrayContaining([
          { path: 'scoring[0].items.insured.0', problem: 'must be a number' },
          { path: 'scoring[0].items.chronic', problem: 'gives no option any points' },
          { path: 'scoring[1].items', problem: 'must score at least one item' },
        ]),
      ));

    it('refuses bands out of order, and a band no score can reach', () =>
      expect(
        problemsOf((j) => {
          j.scoring[0].bands = [
            { id: 'low', label: 'Low', from: 0 },
            { id: 'moderate', label: 'Moderate', from: 2 },
            { id: 'high', label: 'High', from: 2 },
            { id: 'severe', label: 'Severe', from: 4 },
          ];
        }),
      ).toEqual([
        { path: 'scoring[0].bands[2].from', problem: 'must be greater than the band before it (2)' },
        {
          path: 'scoring[0].bands[3].from',
          problem: 'is above the highest score the domain can reach (3), so no one is ever in it',
        },
      ]));
  });

  describe('schedule', () => {
    const occasion = (i: number, change: Record<string, unknown>) => (j: RawFile) =>
      Object.assign(j.schedule.occasions[i], change);

    it('refuses a schedule without occasions', () =>
      expect(problemsOf((j) => (j.schedule.occasions = []))).toEqual([
        { path: 'schedule.occasions', problem: 'must not be empty' },
      ]));

    it('refuses an unknown anchor and days that are not whole, non-negative numbers', () =>
      expect(
        problemsOf(occasion(0, { anchor: 'referral', offsetDays: 1.5, windowAfterDays: -1, windowBeforeDays: '0' })),
      ).toEqual([
        { path: 'schedule.occasions[0].anchor', problem: 'must be one of intake, previous, exit' },
        { path: 'schedule.occasions[0].offsetDays', problem: 'must be a whole number' },
        { path: 'schedule.occasions[0].windowBeforeDays', problem: 'must be a number' },
        { path: 'schedule.occasions[0].windowAfterDays', problem: 'must be at least 0' },
      ]));

    it('refuses a window that opens before the intake', () =>
      expect(problemsOf(occasion(0, { windowBeforeDays: 3 }))).toEqual([
        {
          path: 'schedule.occasions[0].windowBeforeDays',
          problem: 'opens the window 3 day(s) before its anchor (intake)',
        },
      ]));

    it('lets a window open before the exit (a planned discharge)', () => {
      const json = valid();
      occasion(2, { windowBeforeDays: 3 })(json);
      expect(parseInstrument(json, FILE).schedule.occasions[2].windowBeforeDays).toBe(3);
    });

    it('refuses repeating windows that overlap, a repeat of zero days, and a repeating closeout', () => {
      expect(problemsOf(occasion(1, { repeat: { everyDays: 28 } }))).toEqual([
        {
          path: 'schedule.occasions[1].repeat.everyDays',
          problem: "must be more than the window's 14 day(s) before and 14 after, or one window overlaps the next",
        },
      ]);
      expect(problemsOf(occasion(1, { repeat: { everyDays: 0 } }))).toEqual([
        { path: 'schedule.occasions[1].repeat.everyDays', problem: 'must be greater than 0' },
      ]);
      expect(problemsOf(occasion(2, { repeat: { everyDays: 90 } }))).toEqual([
        { path: 'schedule.occasions[2].repeat', problem: 'an occasion anchored on the exit happens once' },
      ]);
    });

    it('refuses "previous" on the first occasion and after a repeating one', () => {
      expect(problemsOf(occasion(0, { anchor: 'previous' }))).toEqual([
        {
          path: 'schedule.occasions[0].anchor',
          problem: 'the first occasion has no previous occasion to count from',
        },
      ]);
      expect(problemsOf(occasion(2, { anchor: 'previous', windowBeforeDays: 0 }))).toEqual([
        {
          path: 'schedule.occasions[2].anchor',
          problem: 'the previous occasion "reassessment" repeats, so there is no one day to count from',
        },
      ]);
    });

    it('refuses continuesAfterExit on the closeout', () =>
      expect(problemsOf(occasion(2, { continuesAfterExit: true }))).toEqual([
        {
          path: 'schedule.occasions[2].continuesAfterExit',
          problem: 'an occasion anchored on the exit is after the exit already',
        },
      ]));
  });

  it('reports every problem of a file at once', () =>
    expect(
      problemsOf((j) => {
        j.items[0].domain = 'legal';
        j.items[1].answerSet = 'likert';
        j.schedule.occasions[0].anchor = 'previous';
      }).length,
    ).toBeGreaterThanOrEqual(3));
});
