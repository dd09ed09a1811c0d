export interface ConfigProblem {
  file: string;
  /** JSON path of the offending value, e.g. `exclusions.drugQuantityGrams.powder`. */
  path: string;
  problem: string;
}

/** A jurisdiction file that cannot be adopted; names every problem found, not just the first. */
export class JurisdictionConfigError extends Error {
  override readonly name = 'JurisdictionConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid jurisdiction configuration:\n${problems.map((p) => `- ${p.file}: ${p.path || '(root)'}: ${p.problem}`).join('\n')}`,
    );
  }
}
