/** One setting that failed validation, and why. */
export interface InvalidSetting {
  setting: string;
  problems: string[];
}

/**
 * Thrown at start-up when the environment does not describe a runnable service. The message
 * names every bad setting at once, so an operator fixes them in one pass instead of one
 * restart per mistake.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly invalidSettings: InvalidSetting[],
    serviceName?: string,
  ) {
    const target = serviceName ? ` for ${serviceName}` : '';
    const lines = invalidSettings.flatMap(({ setting, problems }) =>
      problems.map((problem) => `  - ${problem.startsWith(setting) ? problem : `${setting}: ${problem}`}`),
    );
    super(`Invalid configuration${target}:\n${lines.join('\n')}`);
  }
}
