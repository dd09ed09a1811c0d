import { AppendRefused } from '@lead/event-store';
import { appendRefusedProblem } from './append-refused.js';

const refusal = (problems: ConstructorParameters<typeof AppendRefused>[2]) =>
  new AppendRefused('referral-1', 'OfferAnswered', problems);

describe('appendRefusedProblem', () => {
  it('names the body field that carried the refused value: a 400 like any invalid field', () => {
    const problem = appendRefusedProblem(
      refusal([{ path: '/data/answeredAt', message: 'must match format "date-time"', value: '2026-12-02T00:01Z' }]),
      { accepted: true, at: '2026-12-02T00:01Z' },
    );
    expect(problem).toMatchObject({
      status: 400,
      errors: [{ field: 'at', messages: [expect.stringContaining('must match format "date-time"')] }],
    });
  });

  it('finds the field inside nested objects and arrays', () => {
    const problem = appendRefusedProblem(refusal([{ path: '/data/district', message: 'bad', value: 'x y' }]), {
      steps: [{ district: 'x y' }],
    });
    expect(problem?.errors).toEqual([{ field: 'steps.0.district', messages: [expect.any(String)] }]);
  });

  it('is the code’s fault (undefined: a 500) when no body field holds the value, or the refusal names none', () => {
    expect(
      appendRefusedProblem(refusal([{ path: '/jurisdiction', message: 'bad', value: '_DPD' }]), { at: 'x' }),
    ).toBeUndefined();
    expect(
      appendRefusedProblem(refusal([{ path: '', message: 'its metadata names no participant' }]), {}),
    ).toBeUndefined();
    // One problem the body explains and one it does not: still the code's.
    expect(
      appendRefusedProblem(
        refusal([
          { path: '/data/at', message: 'bad', value: 'a' },
          { path: '/data/b', message: 'bad', value: 'zzz' },
        ]),
        { at: 'a' },
      ),
    ).toBeUndefined();
  });
});
