import { unitCostsOf, type UnitCosts } from './protocol.js';

const base: UnitCosts = {
  currency: 'USD',
  jailDay: 175,
  booking: 480,
  officerHour: 75,
  prosecution: 1800,
  emergencyDepartmentVisit: 2200,
  caseManagementParticipantMonth: 700,
};

describe('unitCostsOf', () => {
  it('answers the optional costs a protocol leaves out with their documented defaults, and says which', () => {
    const { costs, defaulted } = unitCostsOf({ unitCosts: base });
    expect(costs).toMatchObject({ defenseCase: 1800, prisonAdmission: null, officerHoursPerArrest: 3, jailDay: 175 });
    expect(defaulted).toEqual(['defenseCase', 'prisonAdmission', 'officerHoursPerArrest']);
  });

  it('keeps the values a protocol sets', () => {
    const { costs, defaulted } = unitCostsOf({
      unitCosts: { ...base, defenseCase: 900, prisonAdmission: 40_000, officerHoursPerArrest: 2.5 },
    });
    expect(costs).toMatchObject({ defenseCase: 900, prisonAdmission: 40_000, officerHoursPerArrest: 2.5 });
    expect(defaulted).toEqual([]);
  });
});
