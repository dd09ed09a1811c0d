import { DomainRuleViolation } from '@lead/event-store/decider';
import { exitDestination } from './exit-destination.js';

describe('HMIS 3.12 destination at exit', () => {
  it('is fixed by the reasons that settle it, named by the case manager otherwise, "no exit interview" by default', () => {
    expect(exitDestination('deceased', undefined)).toBe('24');
    expect(exitDestination('incarcerated', '207')).toBe('207');
    expect(exitDestination('transitioned_out', '435')).toBe('435');
    expect(exitDestination('moved_away', undefined)).toBe('30');
  });

  it('refuses a destination that contradicts the reason', () => {
    expect(() => exitDestination('deceased', '410')).toThrow(DomainRuleViolation);
    expect(() => exitDestination('incarcerated', '101')).toThrow(/207/);
  });
});
