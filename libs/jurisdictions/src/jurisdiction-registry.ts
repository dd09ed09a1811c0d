import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { JurisdictionConfigError, type ConfigProblem } from './jurisdiction-config-error.js';
import type { Offense, OffenseCatalogue } from './offense-catalogue.js';
import type { Protocol } from './protocol.js';
import { parseProtocol } from './protocol-parser.js';

/**
 * Every adopted protocol version of every jurisdiction, read from a config folder laid out as
 * `offenses/<STATE>.json` and `jurisdictions/<jurisdiction>/<version>.json`.
 */
export class JurisdictionRegistry {
  private constructor(
    /** The folder the registry was loaded from. */
    readonly configDir: string,
    readonly offenses: OffenseCatalogue,
    private readonly versions: ReadonlyMap<string, readonly Protocol[]>,
  ) {}

  /** Loads and validates the whole folder; any bad file stops the load with every problem named. */
  static load(configDir: string): JurisdictionRegistry {
    const problems: ConfigProblem[] = [];
    const offenses = new Map<string, Offense>();
    const offensesDir = join(configDir, 'offenses');
    for (const name of readdirSync(offensesDir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = join(offensesDir, name);
      const list = readJson(file, problems);
      if (!Array.isArray(list)) {
        problems.push({ file, path: '', problem: 'must be a list of offenses' });
        continue;
      }
      list.forEach((offense: Offense, i) => {
        if (!offense?.code || offense.state !== basename(name, '.json'))
          problems.push({ file, path: `[${i}]`, problem: 'needs a code and the state named by the file' });
        else if (offenses.has(offense.code))
          problems.push({ file, path: `[${i}].code`, problem: `offense code "${offense.code}" appears twice` });
        else offenses.set(offense.code, offense);
      });
    }
    const versions = new Map<string, Protocol[]>();
    const jurisdictionsDir = join(configDir, 'jurisdictions');
    for (const jurisdiction of readdirSync(jurisdictionsDir).sort()) {
      for (const name of readdirSync(join(jurisdictionsDir, jurisdiction))
        .filter((n) => n.endsWith('.json'))
        .sort()) {
        const file = join(jurisdictionsDir, jurisdiction, name);
        const raw = readJson(file, problems);
        if (raw === undefined) continue;
        try {
          const protocol = parseProtocol(raw, file, offenses);
          if (protocol.jurisdiction !== jurisdiction)
            problems.push({ file, path: 'jurisdiction', problem: `must be "${jurisdiction}", the folder it is in` });
          if (protocol.version !== basename(name, '.json'))
            problems.push({ file, path: 'version', problem: `must be "${basename(name, '.json')}", the file's name` });
          const list = versions.get(jurisdiction) ?? [];
          if (list.some((p) => p.effectiveFrom === protocol.effectiveFrom))
            problems.push({ file, path: 'effectiveFrom', problem: 'another version takes effect the same day' });
          list.push(protocol);
          versions.set(jurisdiction, list);
        } catch (error) {
          if (!(error instanceof JurisdictionConfigError)) throw error;
          problems.push(...error.problems);
        }
      }
    }
    if (problems.length > 0) throw new JurisdictionConfigError(problems);
    for (const list of versions.values()) list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    return new JurisdictionRegistry(configDir, offenses, versions);
  }

  /** The file a version was read from (the layout makes it `jurisdictions/<jurisdiction>/<version>.json`). */
  fileOf(jurisdiction: string, version: string): string {
    return join(this.configDir, 'jurisdictions', jurisdiction, `${version}.json`);
  }

  jurisdictions(): string[] {
    return [...this.versions.keys()];
  }

  /** All versions of a jurisdiction, oldest first. */
  versionsOf(jurisdiction: string): readonly Protocol[] {
    return this.versions.get(jurisdiction) ?? [];
  }

  version(jurisdiction: string, version: string): Protocol | undefined {
    return this.versionsOf(jurisdiction).find((p) => p.version === version);
  }

  /**
   * The version that governed an act at `at`: the latest whose effective date is not after it.
   * Undefined before the first version (the program did not exist yet) or for an unknown jurisdiction.
   */
  protocolInForce(jurisdiction: string, at: Date): Protocol | undefined {
    const day = at.toISOString().slice(0, 10);
    let inForce: Protocol | undefined;
    for (const protocol of this.versionsOf(jurisdiction)) if (protocol.effectiveFrom <= day) inForce = protocol;
    return inForce;
  }

  /**
   * The time zone a version's days are counted in: its own, else that of the jurisdiction's latest version that
   * names one. Versions before 2026-12 name none, and a place does not move, so a later version answers for them.
   */
  timeZoneOf(jurisdiction: string, version: string): string {
    const versions = this.versionsOf(jurisdiction);
    const own = versions.find((p) => p.version === version);
    if (!own) {
      throw new JurisdictionConfigError([
        { file: this.fileOf(jurisdiction, version), path: '', problem: `no version ${version} of ${jurisdiction}` },
      ]);
    }
    const zone = own.timeZone ?? versions.findLast((p) => p.timeZone !== undefined)?.timeZone;
    if (zone === undefined) {
      throw new JurisdictionConfigError([
        {
          file: this.fileOf(jurisdiction, version),
          path: 'timeZone',
          problem: `no version of ${jurisdiction} names the time zone its days are counted in`,
        },
      ]);
    }
    return zone;
  }
}

/** Where a version's file sits, relative to the config folder, with `/` separators (as events record it). */
export function protocolFile(jurisdiction: string, version: string): string {
  return `jurisdictions/${jurisdiction}/${version}.json`;
}

function readJson(file: string, problems: ConfigProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ file, path: '', problem: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}
