import { withAccessSettings } from '@lead/access';
import { ServiceConfig } from '@lead/platform';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Settings of the case-management service: the platform's and access settings, with its own default port. */
export class CaseManagementConfig extends withAccessSettings(ServiceConfig) {
  override HTTP_PORT = 3002;

  /**
   * The configuration folder, relative to the repository root: `jurisdictions/` and `offenses/` (the protocols
   * the referrals service adopted; read here for agencies and intake deadlines), `case-management/` (each
   * jurisdiction's program) and `instruments/` (assessment instruments).
   */
  @IsString()
  @IsNotEmpty({ message: '$property must not be empty' })
  JURISDICTIONS_CONFIG_DIR: string = 'config';

  /** Days a settled durable timer (fired, failed, cancelled) is kept before the retention sweep deletes it. */
  @IsInt({ message: '$property must be an integer between 1 and 3650 (days)' })
  @Min(1, { message: '$property must be an integer between 1 and 3650 (days)' })
  @Max(3650, { message: '$property must be an integer between 1 and 3650 (days)' })
  TIMER_RETENTION_DAYS: number = 30;
}

export function configDir(config: CaseManagementConfig, ...sub: string[]): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return join(isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir), ...sub);
}
