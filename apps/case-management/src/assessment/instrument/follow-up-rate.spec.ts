import { FOLLOW_UP_TARGET, followUpRate, type FollowUpCase } from './follow-up-rate.js';
import type { Occasion } from './instrument.js';

/** samhsa-suprt 2025-10's reassessment: 180 ± 30 days after intake, owed after the exit too. */
const SUPRT_REASSESSMENT: Occasion = {
  occasion: 'reassessment',
  anchor: 'intake',
  offsetDays: 180,
  windowBeforeDays: 30,
  windowAfterDays: 30,
  continuesAfterExit: true,
};

// Intake 2026-01-01: the window runs 2026-05-31 to 2026-07-30.
const INTAKE = '2026-01-01';
const followed: FollowUpCase = { intakeOn: INTAKE, baselineOn: INTAKE, reassessedOn: '2026-06-30' };
const missed: FollowUpCase = { intakeOn: INTAKE, baselineOn: INTAKE };
const times = (n: number, c: FollowUpCase) => Array.from({ length: n }, () => c);

describe('followUpRate', () => {
  it('meets the target at exactly 80% followed up', () =>
    expect(followUpRate([...times(16, followed), ...times(4, missed)], '2026-08-01', SUPRT_REASSESSMENT)).toEqual({
      eligible: 20,
      followedUp: 16,
      rate: 0.8,
      meetsTarget: true,
      unstable: false,
    }));

  it('falls short below 80%', () =>
    expect(followUpRate([...times(15, followed), ...times(5, missed)], '2026-08-01', SUPRT_REASSESSMENT)).toEqual({
      eligible: 20,
      followedUp: 15,
      rate: 0.75,
      meetsTarget: false,
      unstable: false,
    }));

  it('counts a case once its window has closed: not on the last day, from the day after', () => {
    expect(followUpRate([missed], '2026-07-30', SUPRT_REASSESSMENT)).toMatchObject({ eligible: 0, rate: null });
    expect(followUpRate([missed], '2026-07-31', SUPRT_REASSESSMENT)).toMatchObject({ eligible: 1, followedUp: 0 });
  });

  it('counts a case reassessed in its window at once, edges included', () => {
    const onEdges = [
      { ...followed, reassessedOn: '2026-05-31' },
      { ...followed, reassessedOn: '2026-07-30' },
    ];
    // As of 2026-06-01 the second reassessment had not happened yet, and its window was still open.
    expect(followUpRate(onEdges, '2026-06-01', SUPRT_REASSESSMENT)).toMatchObject({ eligible: 1, followedUp: 1 });
    expect(followUpRate(onEdges, '2026-07-30', SUPRT_REASSESSMENT)).toMatchObject({
      eligible: 2,
      followedUp: 2,
      rate: 1,
    });
  });

  it('does not count a reassessment outside the window as a follow-up', () => {
    const early = { ...followed, reassessedOn: '2026-05-30' };
    const late = { ...followed, reassessedOn: '2026-07-31' };
    // Too early: the window is still open, so the case is not yet settled.
    expect(followUpRate([early], '2026-06-15', SUPRT_REASSESSMENT)).toMatchObject({ eligible: 0 });
    expect(followUpRate([early, late], '2026-08-01', SUPRT_REASSESSMENT)).toMatchObject({
      eligible: 2,
      followedUp: 0,
      rate: 0,
      meetsTarget: false,
    });
  });

  it('leaves out a case with no baseline (yet): there is nothing to follow up', () => {
    expect(followUpRate([{ intakeOn: INTAKE }, followed], '2026-08-01', SUPRT_REASSESSMENT)).toMatchObject({
      eligible: 1,
      followedUp: 1,
    });
    expect(followUpRate([{ ...missed, baselineOn: '2026-09-01' }], '2026-08-01', SUPRT_REASSESSMENT)).toMatchObject({
      eligible: 0,
    });
  });

  it("counts an exited case when the follow-up outlives care, and leaves it out when it doesn't", () => {
    const exited = { ...missed, exitedOn: '2026-03-01' };
    expect(followUpRate([exited], '2026-08-01', SUPRT_REASSESSMENT)).toMatchObject({ eligible: 1 });
    const ownReassessment = { ...SUPRT_REASSESSMENT, continuesAfterExit: false };
    expect(followUpRate([exited], '2026-08-01', ownReassessment)).toMatchObject({ eligible: 0 });
    // An exit dated after today has not happened yet.
    expect(followUpRate([{ ...missed, exitedOn: '2026-09-01' }], '2026-08-01', ownReassessment)).toMatchObject({
      eligible: 1,
    });
  });

  it('flags a rate on fewer than 20 cases as unstable, and has no rate without cases', () => {
    expect(followUpRate(times(19, followed), '2026-08-01', SUPRT_REASSESSMENT)).toMatchObject({
      rate: 1,
      meetsTarget: true,
      unstable: true,
    });
    expect(followUpRate([], '2026-08-01', SUPRT_REASSESSMENT)).toEqual({
      eligible: 0,
      followedUp: 0,
      rate: null,
      meetsTarget: false,
      unstable: true,
    });
  });

  it("takes SAMHSA's 80% unless told otherwise", () => {
    expect(FOLLOW_UP_TARGET).toBe(0.8);
    const cases = [...times(15, followed), ...times(5, missed)];
    expect(followUpRate(cases, '2026-08-01', SUPRT_REASSESSMENT, 0.7).meetsTarget).toBe(true);
  });

  it('refuses an occasion that is not a single reassessment counted from the intake', () => {
    expect(() => followUpRate([], '2026-08-01', { ...SUPRT_REASSESSMENT, anchor: 'exit' })).toThrow(RangeError);
    expect(() => followUpRate([], '2026-08-01', { ...SUPRT_REASSESSMENT, repeat: { everyDays: 90 } })).toThrow(
      RangeError,
    );
  });
});
