import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseProgramConfigError, CaseProgramRegistry, parseCaseProgram } from './case-program-registry.js';

const CONFIG = fileURLToPath(new URL('../../../../config/case-management/', import.meta.url));

describe('case-management programs (configuration)', () => {
  it('loads every shipped jurisdiction', () => {
    const registry = CaseProgramRegistry.load(CONFIG);
    for (const jurisdiction of ['denver', 'hartford-new-haven', 'san-luis-valley', 'seattle-king-county'])
      expect(registry.of(jurisdiction)?.jurisdiction).toBe(jurisdiction);
    expect(registry.of('atlantis')).toBeUndefined();
  });

  it("gives a case to the hand-off's provider, else to the jurisdiction's default", () => {
    const registry = CaseProgramRegistry.load(CONFIG);
    const denver = registry.of('denver')!;
    expect(registry.providerFor(denver, 'TEP')).toEqual({ providerAgency: 'TEP', providerFrom: 'hand_off' });
    expect(registry.providerFor(denver, 'DPD')).toEqual({ providerAgency: 'ARTS', providerFrom: 'provider_rule' });
    expect(registry.providerFor(denver, undefined)).toEqual({ providerAgency: 'ARTS', providerFrom: 'provider_rule' });
  });

  it('names every problem of a bad file with its field', () => {
    const { problems } = parseCaseProgram(
      {
        jurisdiction: 'denver',
        version: '',
        providers: [
          { agency: 'ARTS', serves: 'x' },
          { agency: 'ARTS', serves: 'y' },
        ],
        defaultProvider: 'TEP',
        engagement: { lowAfterDays: 30, inactiveAfterDays: 14 },
        instrument: { id: 'x' },
        terminationCriteria: 'no',
        serviceResponseDays: { housing: 0, teleportation: 1 },
        informant: true,
      },
      'denver.json',
    );
    for (const field of [
      'informant: is not a setting',
      'version:',
      'providers: names an agency twice',
      'defaultProvider:',
      'engagement.inactiveAfterDays:',
      'instrument:',
      'terminationCriteria:',
      'serviceResponseDays.housing:',
      'serviceResponseDays.moud:',
      'serviceResponseDays.teleportation: is not a service type',
    ])
      expect(problems.some((p) => p.includes(field))).toBe(true);
  });

  it('stops the load on a bad file or a program the service rejects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'case-programs-'));
    writeFileSync(join(dir, 'denver.json'), '{ not json');
    expect(() => CaseProgramRegistry.load(dir)).toThrow(CaseProgramConfigError);
    expect(() =>
      CaseProgramRegistry.load(CONFIG, (p) => (p.jurisdiction === 'denver' ? ['unknown provider'] : [])),
    ).toThrow(/denver.json: unknown provider/);
  });
});
