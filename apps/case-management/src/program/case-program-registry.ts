import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SERVICE_TYPES } from '../case/case-vocabulary.js';
import type { CaseProgram } from './case-program.js';

export class CaseProgramConfigError extends Error {
  override readonly name = 'CaseProgramConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid case-management configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDays = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const KEYS = [
  'jurisdiction',
  'version',
  'providers',
  'defaultProvider',
  'engagement',
  'instrument',
  'terminationCriteria',
  'serviceResponseDays',
];

/** One file, checked field by field; every problem is named with the file and the field. */
export function parseCaseProgram(raw: unknown, file: string): { program?: CaseProgram; problems: string[] } {
  const problems: string[] = [];
  const problem = (path: string, what: string) => problems.push(`${file}: ${path}: ${what}`);
  if (!isObject(raw)) return { problems: [`${file}: must be an object`] };
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) problem(key, 'is not a setting');
  if (!isText(raw.jurisdiction)) problem('jurisdiction', 'must name the jurisdiction');
  else if (raw.jurisdiction !== basename(file, '.json')) problem('jurisdiction', "must be the file's name");
  if (!isText(raw.version)) problem('version', 'must be a version, e.g. "2026-01"');
  const providers = Array.isArray(raw.providers) ? raw.providers : [];
  if (providers.length === 0) problem('providers', 'must list at least one provider');
  providers.forEach((p: unknown, i) => {
    if (!isObject(p) || !isText(p.agency) || !isText(p.serves))
      problem(`providers[${i}]`, 'needs an agency and whom it serves');
  });
  const agencies = providers.map((p: { agency?: unknown }) => p?.agency);
  if (new Set(agencies).size !== agencies.length) problem('providers', 'names an agency twice');
  if (!agencies.includes(raw.defaultProvider)) problem('defaultProvider', 'must be one of the providers');
  const engagement = raw.engagement;
  if (!isObject(engagement) || !isDays(engagement.lowAfterDays) || !isDays(engagement.inactiveAfterDays))
    problem('engagement', 'needs lowAfterDays and inactiveAfterDays, whole days ≥ 1');
  else if (engagement.inactiveAfterDays <= engagement.lowAfterDays)
    problem('engagement.inactiveAfterDays', 'must be more than lowAfterDays');
  const instrument = raw.instrument;
  if (!isObject(instrument) || !isText(instrument.id) || !isText(instrument.version))
    problem('instrument', 'needs the id and version of an assessment instrument');
  if (typeof raw.terminationCriteria !== 'boolean') problem('terminationCriteria', 'must be true or false');
  const days = raw.serviceResponseDays;
  if (!isObject(days)) problem('serviceResponseDays', 'must give each service type its response time in days');
  else {
    for (const type of SERVICE_TYPES)
      if (!isDays(days[type])) problem(`serviceResponseDays.${type}`, 'must be whole days ≥ 1');
    for (const key of Object.keys(days))
      if (!(SERVICE_TYPES as readonly string[]).includes(key))
        problem(`serviceResponseDays.${key}`, 'is not a service type');
  }
  return problems.length > 0 ? { problems } : { program: raw as unknown as CaseProgram, problems };
}

/**
 * Every jurisdiction's case-management program, read from `config/case-management/`. A bad file stops the start,
 * with every problem named; so does a program whose providers, instrument or jurisdiction the caller rejects
 * (`check`: the service checks them against the protocols and the instruments it loaded).
 */
export class CaseProgramRegistry {
  private constructor(private readonly programs: ReadonlyMap<string, CaseProgram>) {}

  static load(dir: string, check: (program: CaseProgram) => string[] = () => []): CaseProgramRegistry {
    const problems: string[] = [];
    const programs = new Map<string, CaseProgram>();
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = join(dir, name);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        problems.push(`${file}: ${(error as Error).message}`);
        continue;
      }
      const parsed = parseCaseProgram(raw, file);
      problems.push(...parsed.problems);
      if (!parsed.program) continue;
      problems.push(...check(parsed.program).map((p) => `${file}: ${p}`));
      programs.set(parsed.program.jurisdiction, parsed.program);
    }
    if (problems.length > 0) throw new CaseProgramConfigError(problems);
    return new CaseProgramRegistry(programs);
  }

  /** The program of a jurisdiction; undefined where case management is not configured. */
  of(jurisdiction: string): CaseProgram | undefined {
    return this.programs.get(jurisdiction);
  }

  /** The provider of a new case: the hand-off's agency when it is one of the providers, else the default. */
  providerFor(
    program: CaseProgram,
    handOffAgency: string | undefined,
  ): { providerAgency: string; providerFrom: 'hand_off' | 'provider_rule' } {
    if (handOffAgency !== undefined && program.providers.some((p) => p.agency === handOffAgency))
      return { providerAgency: handOffAgency, providerFrom: 'hand_off' };
    return { providerAgency: program.defaultProvider, providerFrom: 'provider_rule' };
  }
}
