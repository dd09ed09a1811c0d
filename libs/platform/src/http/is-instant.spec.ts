import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { IsOptional, validateSync } from 'class-validator';
import { IsInstant } from './is-instant.js';
import { ProblemException } from './problem-details.js';
import { createValidationPipe } from './request-validation.js';

class Step {
  @IsInstant()
  at!: unknown;

  @IsOptional()
  @IsInstant()
  until?: unknown;
}

const problems = (at: unknown) =>
  validateSync(Object.assign(new Step(), { at })).flatMap((e) => Object.values(e.constraints ?? {}));

/** Through the pipe every controller uses: `transform: true` turns the body into a `Step` first. */
async function viaPipe(body: unknown, type: 'body' | 'query' = 'body'): Promise<Step> {
  return (await createValidationPipe().transform(body, { type, metatype: Step })) as Step;
}

async function problemVia(body: unknown) {
  try {
    await viaPipe(body);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
    throw error;
  }
  throw new Error('expected a validation failure');
}

/** The contracts' `date-time` check: ajv-formats, as libs/contracts registers it. */
const ajv = new Ajv2020({ strict: true });
formats.default(ajv, ['date-time']);
const isContractDateTime = ajv.compile({ type: 'string', format: 'date-time' });

const SENT_AND_CANONICAL: Array<[string, string]> = [
  ['2026-12-02T00:01Z', '2026-12-02T00:01:00.000Z'],
  ['2026-12-02T00:01:07Z', '2026-12-02T00:01:07.000Z'],
  ['2026-12-02T00:01+01:00', '2026-12-01T23:01:00.000Z'],
  ['2025-03-04T21:15:00.123+01:00', '2025-03-04T20:15:00.123Z'],
  ['2025-03-04T21:15:00.123456789-05:30', '2025-03-05T02:45:00.123Z'],
  ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
];

describe('IsInstant', () => {
  it('accepts ISO 8601 date-times with an offset', () => {
    for (const at of ['2025-03-04T21:15:00Z', '2025-03-04T21:15:00.123+01:00', '2025-03-04T21:15Z'])
      expect(problems(at)).toEqual([]);
  });

  it('refuses ISO 8601 forms a Date cannot read (they answered 500 behind @IsISO8601), local times without an offset (the contracts refuse them), and non-dates, naming the field', () => {
    const noOffset = ['2025-03-04', '2025-03-04T21:15', '2025-03-04T21:15:00'];
    for (const at of [
      '2025-W10-3',
      '20250305T100000Z',
      '2025-03-05T10:00:00,5Z',
      '2025-02-30T10:00:00Z',
      ...noOffset,
      'yesterday',
      17,
      null,
    ]) {
      expect(problems(at)).toEqual(['at must be an ISO 8601 date-time such as 2025-03-04T21:15:00Z']);
    }
  });

  it('leaves validation as the canonical instant, UTC with seconds, in a body and in a query string', async () => {
    for (const [sent, canonical] of SENT_AND_CANONICAL) {
      expect(await viaPipe({ at: sent })).toEqual(Object.assign(new Step(), { at: canonical }));
      expect((await viaPipe({ at: sent, until: sent }, 'query')).until).toBe(canonical);
    }
  });

  it('an optional instant left out stays out', async () => {
    expect(Object.keys(await viaPipe({ at: '2026-12-02T00:01Z' }))).toEqual(['at']);
  });

  it('the canonical form passes the contracts’ date-time format, where some forms it accepts would not', () => {
    for (const [sent, canonical] of SENT_AND_CANONICAL) {
      expect(isContractDateTime(canonical)).toBe(true);
      expect(new Date(canonical).toISOString()).toBe(canonical);
      expect(Date.parse(canonical)).toBe(Date.parse(sent));
    }
    expect(isContractDateTime('2026-12-02T00:01Z')).toBe(false);
  });

  it('a value that names no instant is refused by the pipe with 400 naming the field, not normalised', async () => {
    for (const at of ['2026-12-02T00:01', '2026-02-30T00:01Z', '2026-W49-3', '20261202T000100Z', '', 1764633660000]) {
      expect(await problemVia({ at })).toMatchObject({
        status: 400,
        errors: [{ field: 'at', messages: ['at must be an ISO 8601 date-time such as 2025-03-04T21:15:00Z'] }],
      });
    }
    expect(await problemVia({ at: '2026-12-02T00:01Z', until: '2026-12-02' })).toMatchObject({
      status: 400,
      errors: [{ field: 'until' }],
    });
  });
});
