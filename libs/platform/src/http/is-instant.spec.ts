import { validateSync } from 'class-validator';
import { IsInstant } from './is-instant.js';

class Step {
  @IsInstant()
  at!: unknown;
}

const problems = (at: unknown) =>
  validateSync(Object.assign(new Step(), { at })).flatMap((e) => Object.values(e.constraints ?? {}));

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
});
