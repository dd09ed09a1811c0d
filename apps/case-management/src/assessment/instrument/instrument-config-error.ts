export interface InstrumentConfigProblem {
  file: string;
  /** JSON path of the offending value, e.g. `items[3].answerSet`. */
  path: string;
  problem: string;
}

/** An instrument file that cannot be used; names every problem found, not just the first. */
export class InstrumentConfigError extends Error {
  override readonly name = 'InstrumentConfigError';
  constructor(readonly problems: InstrumentConfigProblem[]) {
    super(
      `Invalid assessment instrument configuration:\n${problems.map((p) => `- ${p.file}: ${p.path || '(root)'}: ${p.problem}`).join('\n')}`,
    );
  }
}
