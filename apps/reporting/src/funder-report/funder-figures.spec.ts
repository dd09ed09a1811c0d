import { reportingPeriod } from '../reporting-period/reporting-period.js';
import type { FunderCase } from './funder-cases.js';
import { funderFigures } from './funder-figures.js';

const period = reportingPeriod('2026-Q3')!;
const suprt = (occasion: string, completedOn: string) => ({ occasion, completedOn });

describe('the SUPRT funder figures', () => {
  // Intakes on 2026-01-15: the reassessment window is 2026-06-14 … 2026-08-13 (150 to 210 days), closing in Q3.
  const cases: FunderCase[] = [
    { caseId: 'a', intakeOn: '2026-01-15', exitedOn: null, assessments: [suprt('reassessment', '2026-07-01')] },
    { caseId: 'b', intakeOn: '2026-01-15', exitedOn: null, assessments: [suprt('reassessment', '2026-08-20')] },
    { caseId: 'c', intakeOn: '2026-01-15', exitedOn: null, assessments: [] },
    // Intake in Q3: the baseline window closes 30 days on (in Q3 for an intake by 31 August).
    { caseId: 'd', intakeOn: '2026-07-10', exitedOn: null, assessments: [suprt('baseline', '2026-07-10')] },
    { caseId: 'e', intakeOn: '2026-08-15', exitedOn: null, assessments: [] },
    // Its baseline window closes on 2026-10-05: Q4's, not due here.
    { caseId: 'f', intakeOn: '2026-09-05', exitedOn: '2026-09-20', assessments: [suprt('closeout', '2026-09-25')] },
  ];

  it('counts each occasion over the windows that closed in the period: on time, late, missed', () => {
    const report = funderFigures({
      jurisdiction: 'denver',
      period,
      asOf: new Date('2026-12-01T00:00:00Z'),
      today: '2026-12-01',
      cases,
      suppress: false,
    });
    expect(report.intakes).toBe(3);
    expect(report.reassessment).toEqual({
      due: 3,
      onTime: 1,
      late: 1,
      missed: 1,
      onTimeRate: { value: 1 / 3, unstable: true },
    });
    expect(report.baseline).toMatchObject({ due: 2, onTime: 1, missed: 1 });
    expect(report.closeout).toMatchObject({ due: 0 });
    expect(report.followUp).toEqual({ rate: { value: 1 / 3, unstable: true }, target: 0.8, met: false });
  });

  it('counts no window still open on the report’s day, and withholds small cells for evaluators', () => {
    const early = funderFigures({
      jurisdiction: 'denver',
      period,
      asOf: new Date('2026-07-10T00:00:00Z'),
      today: '2026-07-10',
      cases,
      suppress: false,
    });
    expect(early.reassessment.due).toBe(0);
    const evaluator = funderFigures({
      jurisdiction: 'denver',
      period,
      asOf: new Date('2026-12-01T00:00:00Z'),
      today: '2026-12-01',
      cases,
      suppress: true,
    });
    expect(evaluator.reassessment).toMatchObject({ due: null, onTime: null, onTimeRate: { value: null } });
    expect(evaluator.followUp.met).toBeNull();
  });
});
