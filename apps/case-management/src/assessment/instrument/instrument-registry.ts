import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InstrumentConfigError, type InstrumentConfigProblem } from './instrument-config-error.js';
import type { Instrument } from './instrument.js';
import { parseInstrument } from './instrument-parser.js';

/**
 * Every version of every assessment instrument, read from a folder laid out as `<instrument-id>/<version>.json`.
 * The only part of the instrument engine that does I/O.
 */
export class InstrumentRegistry {
  private constructor(
    /** The folder the registry was loaded from. */
    readonly dir: string,
    /** Instrument id → its versions, oldest first. */
    private readonly versions: ReadonlyMap<string, readonly Instrument[]>,
  ) {}

  /** Loads and validates the whole folder; any bad file stops the load with every problem of every file named. */
  static load(dir: string): InstrumentRegistry {
    const problems: InstrumentConfigProblem[] = [];
    const versions = new Map<string, Instrument[]>();
    for (const id of readdirSync(dir).sort()) {
      const folder = join(dir, id);
      if (!statSync(folder).isDirectory()) {
        problems.push({ file: folder, path: '', problem: 'must be a folder named after an instrument' });
        continue;
      }
      for (const name of readdirSync(folder)
        .filter((n) => n.endsWith('.json'))
        .sort()) {
        const file = join(folder, name);
        const raw = readJson(file, problems);
        if (raw === undefined) continue;
        try {
          const instrument = parseInstrument(raw, file);
          if (instrument.id !== id)
            problems.push({ file, path: 'id', problem: `must be "${id}", the folder it is in` });
          if (instrument.version !== basename(name, '.json'))
            problems.push({ file, path: 'version', problem: `must be "${basename(name, '.json')}", the file's name` });
          versions.set(id, [...(versions.get(id) ?? []), instrument]);
        } catch (error) {
          if (!(error instanceof InstrumentConfigError)) throw error;
          problems.push(...error.problems);
        }
      }
    }
    if (problems.length > 0) throw new InstrumentConfigError(problems);
    // Versions are `YYYY-MM`, so text order is adoption order.
    for (const list of versions.values()) list.sort((a, b) => a.version.localeCompare(b.version));
    return new InstrumentRegistry(dir, versions);
  }

  get(id: string, version: string): Instrument | undefined {
    return this.versions.get(id)?.find((instrument) => instrument.version === version);
  }

  /** The newest version of an instrument, the one a new assessment is taken under. */
  latest(id: string): Instrument | undefined {
    return this.versions.get(id)?.at(-1);
  }

  /** Every version of every instrument, by id, oldest version first. */
  all(): Instrument[] {
    return [...this.versions.values()].flat();
  }
}

/** Where a version's file sits, relative to the instruments folder, with `/` separators (as events record it). */
export function instrumentFile(id: string, version: string): string {
  return `${id}/${version}.json`;
}

function readJson(file: string, problems: InstrumentConfigProblem[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ file, path: '', problem: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}
