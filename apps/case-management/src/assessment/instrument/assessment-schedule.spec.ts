import { assessmentsDue, type CaseAssessmentDates } from './assessment-schedule.js';
import type { Occasion, Schedule } from './instrument.js';

const occasion = (o: Partial<Occasion> & Pick<Occasion, 'occasion' | 'anchor'>): Occasion => ({
  offsetDays: 0,
  windowBeforeDays: 0,
  windowAfterDays: 0,
  continuesAfterExit: false,
  ...o,
});

/** samhsa-suprt 2025-10 as shipped. */
const SUPRT: Schedule = {
  occasions: [
    occasion({ occasion: 'baseline', anchor: 'intake', windowAfterDays: 30 }),
    occasion({
      occasion: 'reassessment',
      anchor: 'intake',
      offsetDays: 180,
      windowBeforeDays: 30,
      windowAfterDays: 30,
      continuesAfterExit: true,
    }),
    occasion({ occasion: 'closeout', anchor: 'exit', windowAfterDays: 30 }),
  ],
};

/** lead-psychosocial-intake 2026-01 as shipped. */
const LEAD: Schedule = {
  occasions: [
    occasion({ occasion: 'entry', anchor: 'intake', windowAfterDays: 7 }),
    occasion({
      occasion: 'reassessment',
      anchor: 'intake',
      offsetDays: 90,
      windowBeforeDays: 14,
      windowAfterDays: 14,
      repeat: { everyDays: 90 },
    }),
  ],
};

const INTAKE = '2026-01-01';
const due = (schedule: Schedule, dates: Partial<CaseAssessmentDates> & { today: string }) =>
  assessmentsDue(schedule, { intakeOn: INTAKE, completed: [], ...dates });
const statusOf = (schedule: Schedule, name: string, dates: Partial<CaseAssessmentDates> & { today: string }) =>
  due(schedule, dates)
    .filter((d) => d.occasion === name)
    .map((d) => d.status);

describe('assessmentsDue', () => {
  describe('at the edge of the window', () => {
    it('is open, not overdue, on the last day of the window', () =>
      expect(due(SUPRT, { today: '2026-01-31' })[0]).toEqual({
        occasion: 'baseline',
        opensOn: '2026-01-01',
        targetOn: '2026-01-01',
        dueOn: '2026-01-31',
        status: 'open',
      }));

    it('is overdue the day after', () =>
      expect(statusOf(SUPRT, 'baseline', { today: '2026-02-01' })).toEqual(['overdue']));

    it('is open on the first day of the window, upcoming the day before', () => {
      expect(statusOf(SUPRT, 'reassessment', { today: '2026-05-31' })).toEqual(['open']);
      expect(statusOf(SUPRT, 'reassessment', { today: '2026-05-30' })).toEqual(['upcoming']);
    });

    it('counts an assessment taken on the last day of the window', () =>
      expect(
        statusOf(SUPRT, 'baseline', {
          today: '2026-03-01',
          completed: [{ occasion: 'baseline', completedOn: '2026-01-31' }],
        }),
      ).toEqual([]));

    it('counts an assessment taken on the first day of the window', () =>
      expect(
        statusOf(SUPRT, 'reassessment', {
          today: '2026-06-15',
          completed: [{ occasion: 'reassessment', completedOn: '2026-05-31' }],
        }),
      ).toEqual([]));

    it('does not count one taken the day after the window closed, nor the day before it opened', () => {
      expect(
        statusOf(SUPRT, 'baseline', {
          today: '2026-03-01',
          completed: [{ occasion: 'baseline', completedOn: '2026-02-01' }],
        }),
      ).toEqual(['overdue']);
      expect(
        statusOf(SUPRT, 'reassessment', {
          today: '2026-06-15',
          completed: [{ occasion: 'reassessment', completedOn: '2026-05-30' }],
        }),
      ).toEqual(['open']);
    });

    it('does not count an assessment of another occasion', () =>
      expect(
        statusOf(SUPRT, 'baseline', {
          today: '2026-01-20',
          completed: [{ occasion: 'reassessment', completedOn: '2026-01-10' }],
        }),
      ).toEqual(['open']));
  });

  describe('the SAMHSA schedule', () => {
    it('puts the reassessment at 180 ± 30 days after intake', () =>
      expect(due(SUPRT, { today: '2026-01-05' })).toEqual([
        { occasion: 'baseline', opensOn: '2026-01-01', targetOn: '2026-01-01', dueOn: '2026-01-31', status: 'open' },
        {
          occasion: 'reassessment',
          opensOn: '2026-05-31',
          targetOn: '2026-06-30',
          dueOn: '2026-07-30',
          status: 'upcoming',
        },
      ]));

    it('has the reassessment overdue the day after day 210, and done once taken', () => {
      expect(statusOf(SUPRT, 'reassessment', { today: '2026-07-30' })).toEqual(['open']);
      expect(statusOf(SUPRT, 'reassessment', { today: '2026-07-31' })).toEqual(['overdue']);
      expect(
        due(SUPRT, {
          today: '2026-07-31',
          completed: [
            { occasion: 'baseline', completedOn: '2026-01-02' },
            { occasion: 'reassessment', completedOn: '2026-07-01' },
          ],
        }),
      ).toEqual([]);
    });

    it('owes a closeout only after the exit, within 30 days of it', () => {
      const done = [{ occasion: 'baseline', completedOn: '2026-01-02' }];
      expect(statusOf(SUPRT, 'closeout', { today: '2026-12-31', completed: done })).toEqual([]);
      const afterExit = { exitedOn: '2026-03-10', completed: done };
      expect(due(SUPRT, { ...afterExit, today: '2026-04-09' })).toEqual([
        { occasion: 'closeout', opensOn: '2026-03-10', targetOn: '2026-03-10', dueOn: '2026-04-09', status: 'open' },
        // SAMHSA's follow-up is owed whether or not the person is still in care.
        expect.objectContaining({ occasion: 'reassessment', status: 'upcoming' }),
      ]);
      expect(statusOf(SUPRT, 'closeout', { ...afterExit, today: '2026-04-10' })).toEqual(['overdue']);
      expect(
        statusOf(SUPRT, 'closeout', {
          ...afterExit,
          today: '2026-04-10',
          completed: [...done, { occasion: 'closeout', completedOn: '2026-04-09' }],
        }),
      ).toEqual([]);
    });
  });

  describe('a repeating reassessment anchored on the intake', () => {
    it('repeats every 90 days, each window counted from the intake', () => {
      const completed = [
        { occasion: 'entry', completedOn: '2026-01-01' },
        // Late in the first window: the next is still counted from the intake, not from this day.
        { occasion: 'reassessment', completedOn: '2026-04-15' },
      ];
      expect(due(LEAD, { today: '2026-05-01', completed })).toEqual([
        {
          occasion: 'reassessment',
          opensOn: '2026-06-16',
          targetOn: '2026-06-30',
          dueOn: '2026-07-14',
          status: 'upcoming',
        },
      ]);
      expect(
        due(LEAD, {
          today: '2026-09-20',
          completed: [...completed, { occasion: 'reassessment', completedOn: '2026-06-16' }],
        }),
      ).toEqual([
        expect.objectContaining({ opensOn: '2026-09-14', dueOn: '2026-10-12', status: 'open' }),
        // … and the one after it, so the case manager sees what comes next.
        expect.objectContaining({ opensOn: '2026-12-13', dueOn: '2027-01-10', status: 'upcoming' }),
      ]);
    });

    it('lists a missed window as overdue until the next one opens, then only the next one', () => {
      const completed = [{ occasion: 'entry', completedOn: '2026-01-03' }];
      expect(due(LEAD, { today: '2026-06-15', completed })).toEqual([
        expect.objectContaining({ occasion: 'reassessment', dueOn: '2026-04-15', status: 'overdue' }),
        expect.objectContaining({ occasion: 'reassessment', opensOn: '2026-06-16', status: 'upcoming' }),
      ]);
      expect(due(LEAD, { today: '2026-06-16', completed })).toEqual([
        expect.objectContaining({ occasion: 'reassessment', opensOn: '2026-06-16', status: 'open' }),
        expect.objectContaining({ occasion: 'reassessment', opensOn: '2026-09-14', status: 'upcoming' }),
      ]);
      // A participant inactive for a year comes back to one reassessment, not four.
      expect(due(LEAD, { today: '2027-01-10', completed })).toEqual([
        expect.objectContaining({ occasion: 'reassessment', opensOn: '2026-12-13', status: 'open' }),
        expect.objectContaining({ occasion: 'reassessment', status: 'upcoming' }),
      ]);
    });

    it('stops at the exit: a window opening after it is not owed', () => {
      const completed = [
        { occasion: 'entry', completedOn: '2026-01-03' },
        { occasion: 'reassessment', completedOn: '2026-04-01' },
      ];
      expect(due(LEAD, { today: '2026-07-01', completed, exitedOn: '2026-06-15' })).toEqual([]);
      // A window already open at the exit is still owed.
      expect(due(LEAD, { today: '2026-07-01', completed, exitedOn: '2026-06-16' })).toEqual([
        expect.objectContaining({ occasion: 'reassessment', opensOn: '2026-06-16', status: 'open' }),
      ]);
    });
  });

  describe('an occasion anchored on the previous one', () => {
    const schedule: Schedule = {
      occasions: [
        occasion({ occasion: 'baseline', anchor: 'intake', windowAfterDays: 30 }),
        occasion({ occasion: 'check-in', anchor: 'previous', offsetDays: 30, windowAfterDays: 5 }),
      ],
    };

    it('counts from the day the previous one was taken', () =>
      expect(
        due(schedule, { today: '2026-01-20', completed: [{ occasion: 'baseline', completedOn: '2026-01-10' }] }),
      ).toEqual([expect.objectContaining({ occasion: 'check-in', opensOn: '2026-02-09', status: 'upcoming' })]));

    it("counts from the previous one's target while it has not been taken", () =>
      expect(due(schedule, { today: '2026-01-20' })).toEqual([
        expect.objectContaining({ occasion: 'baseline', status: 'open' }),
        expect.objectContaining({ occasion: 'check-in', opensOn: '2026-01-31', status: 'upcoming' }),
      ]));
  });

  it('answers as of today: an exit or assessment dated later has not happened yet', () => {
    const later = { exitedOn: '2026-03-10', completed: [{ occasion: 'baseline', completedOn: '2026-01-20' }] };
    expect(due(SUPRT, { ...later, today: '2026-01-10' }).map((d) => [d.occasion, d.status])).toEqual([
      ['baseline', 'open'],
      ['reassessment', 'upcoming'],
    ]);
  });

  it('counts calendar days across a leap day and month ends', () =>
    expect(assessmentsDue(SUPRT, { intakeOn: '2028-02-01', completed: [], today: '2028-02-01' })[0].dueOn).toBe(
      '2028-03-02',
    ));

  it('lists only what is upcoming before the intake has begun', () =>
    expect(due(SUPRT, { today: '2025-12-31' }).map((d) => [d.occasion, d.status])).toEqual([
      ['baseline', 'upcoming'],
      ['reassessment', 'upcoming'],
    ]));

  it('refuses a date that is not a calendar date', () => {
    expect(() => due(SUPRT, { today: '2026-02-30' })).toThrow(RangeError);
    expect(() =>
      due(SUPRT, { today: '2026-01-05', completed: [{ occasion: 'baseline', completedOn: '5 Jan' }] }),
    ).toThrow('completedOn must be a calendar date YYYY-MM-DD, not "5 Jan"');
  });
});
