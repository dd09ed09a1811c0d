import { join } from 'node:path';
import { scoreAssessment } from './assessment-scoring.js';
import { parseInstrument } from './instrument-parser.js';
import { InstrumentRegistry } from './instrument-registry.js';

const instrument = parseInstrument(
  {
    id: 'test-tool',
    version: '2026-01',
    name: 'Test tool',
    description: 'One scored domain with bands, one without, one item unscored.',
    domains: [
      { id: 'health', name: 'Health' },
      { id: 'income', name: 'Income' },
      { id: 'notes', name: 'Notes' },
    ],
    answerSets: {
      'yes-no': [
        { code: '0', label: 'No' },
        { code: '1', label: 'Yes' },
        { code: '99', label: 'Data not collected' },
      ],
      sud: [
        { code: '0', label: 'No' },
        { code: '1', label: 'Alcohol use disorder' },
        { code: '2', label: 'Drug use disorder' },
        { code: '3', label: 'Both alcohol and drug use disorders' },
      ],
    },
    items: [
      { id: 'chronic', domain: 'health', prompt: 'Chronic condition?', answerSet: 'yes-no', required: true },
      { id: 'sud', domain: 'health', prompt: 'Substance use disorder?', answerSet: 'sud', required: true },
      { id: 'disability', domain: 'health', prompt: 'Physical disability?', answerSet: 'yes-no', required: false },
      { id: 'income', domain: 'income', prompt: 'Income from any source?', answerSet: 'yes-no', required: true },
      { id: 'consented', domain: 'notes', prompt: 'Consented to share?', answerSet: 'yes-no', required: false },
    ],
    scoring: [
      {
        domain: 'health',
        items: { chronic: { '1': 1 }, sud: { '1': 1, '2': 1, '3': 2 }, disability: { '1': 1 } },
        bands: [
          { id: 'low', label: 'Low', from: 0 },
          { id: 'moderate', label: 'Moderate', from: 2 },
          { id: 'high', label: 'High', from: 3 },
        ],
      },
      { domain: 'income', items: { income: { '0': 1 } } },
    ],
    schedule: {
      occasions: [{ occasion: 'entry', anchor: 'intake', offsetDays: 0, windowBeforeDays: 0, windowAfterDays: 7 }],
    },
  },
  'test-tool/2026-01.json',
);

const complete = { chronic: '0', sud: '0', income: '1' };

describe('scoreAssessment', () => {
  it('sums each scored domain and places it in its band', () => {
    expect(scoreAssessment(instrument, complete)).toEqual({
      ok: true,
      scores: { health: { score: 0, band: 'low' }, income: { score: 0 } },
    });
    expect(scoreAssessment(instrument, { ...complete, chronic: '1', sud: '2' })).toEqual({
      ok: true,
      scores: { health: { score: 2, band: 'moderate' }, income: { score: 0 } },
    });
    expect(scoreAssessment(instrument, { ...complete, sud: '3', disability: '1', income: '0' })).toEqual({
      ok: true,
      scores: { health: { score: 3, band: 'high' }, income: { score: 1 } },
    });
  });

  it('puts a score exactly on a threshold in the band that starts there', () => {
    const result = scoreAssessment(instrument, { ...complete, sud: '3' });
    expect(result.ok && result.scores.health).toEqual({ score: 2, band: 'moderate' });
  });

  it('gives nothing for options without points and for optional items left out', () => {
    const result = scoreAssessment(instrument, { chronic: '99', sud: '0', income: '99' });
    expect(result).toEqual({ ok: true, scores: { health: { score: 0, band: 'low' }, income: { score: 0 } } });
  });

  it('scores no domain the instrument does not score', () => {
    const result = scoreAssessment(instrument, { ...complete, consented: '1' });
    expect(result.ok && Object.keys(result.scores)).toEqual(['health', 'income']);
  });

  it('refuses a missing required answer, an unknown item and an answer that is not an option, all at once', () => {
    const result = scoreAssessment(instrument, { chronic: 'yes', income: '1', employment: '1' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { item: 'chronic', code: 'not_an_option', message: expect.stringContaining('"yes"') },
        { item: 'employment', code: 'unknown_item', message: '"employment" is not an item of test-tool 2026-01' },
        { item: 'sud', code: 'required', message: '"sud" must be answered' },
      ],
    });
  });

  it('does not take an inherited property for an answer or an item', () => {
    const result = scoreAssessment(instrument, { ...complete, toString: '1' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['unknown_item']);
  });

  it('scores the shipped LEAD intake', () => {
    const intake = InstrumentRegistry.load(join(process.cwd(), 'config', 'instruments')).latest(
      'lead-psychosocial-intake',
    )!;
    const answers = {
      'prior-living-situation': '116',
      'current-living-situation': '101',
      'income-from-any-source': '0',
      'non-cash-benefits': '1',
      'health-insurance': '1',
      'physical-disability': '0',
      'developmental-disability': '0',
      'chronic-health-condition': '1',
      'mental-health-disorder': '9',
      'substance-use-disorder': '3',
    };
    expect(scoreAssessment(intake, answers)).toEqual({
      ok: true,
      scores: {
        housing: { score: 4, band: 'high' },
        'income-benefits': { score: 1, band: 'moderate' },
        health: { score: 1, band: 'moderate' },
        'behavioral-health': { score: 2, band: 'high' },
      },
    });
  });
});
