import { reportCsv } from './report-csv.js';

describe('a report as CSV', () => {
  it('marks an empty value of an exact copy as none, not withheld', () => {
    expect(reportCsv({ suppressedBelow: null, handOff: { medianMinutes: null } }).split('\r\n')).toContain(
      'handOff.medianMinutes,,none',
    );
  });

  it('writes one row per figure by its path, withheld cells marked, lists named by their month or group', () => {
    const csv = reportCsv({
      suppressedBelow: 11,
      jurisdiction: 'denver',
      referrals: { total: 15, byDoor: { community: null } },
      participants: [{ month: '2026-07', active: 8 }],
      note: 'a "quoted", value',
    });
    expect(csv.split('\r\n')).toEqual([
      'measure,value,note',
      'suppressedBelow,11,',
      'jurisdiction,denver,',
      'referrals.total,15,',
      'referrals.byDoor.community,,withheld',
      'participants[2026-07].month,2026-07,',
      'participants[2026-07].active,8,',
      'note,"a ""quoted"", value",',
      '',
    ]);
  });
});
