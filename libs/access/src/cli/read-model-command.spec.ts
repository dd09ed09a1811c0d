import { readModelOf } from './read-model-command.js';

describe('the read model a lead-audit replay or diff names', () => {
  it('is the positional after the command, wherever the options are', () => {
    expect(readModelOf(['diff', 'program-facts', '--jurisdiction', 'denver'])).toBe('program-facts');
    // An option's value is not the read model (it was taken for one before).
    expect(readModelOf(['diff', '--jurisdiction', 'denver', 'program-facts'])).toBe('program-facts');
    expect(readModelOf(['diff', '--jurisdiction=denver', '--json', 'case-summaries'])).toBe('case-summaries');
    expect(readModelOf(['--json', 'replay', 'referral-summaries'])).toBe('referral-summaries');
    expect(readModelOf(['replay'])).toBeUndefined();
  });
});
