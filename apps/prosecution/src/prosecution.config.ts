import { withAccessSettings } from '@lead/access';
import { ServiceConfig } from '@lead/platform';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Settings of the prosecution service: the platform's and access settings, with its own default port. */
export class ProsecutionConfig extends withAccessSettings(ServiceConfig) {
  override HTTP_PORT = 3003;

  /**
   * Folder of jurisdiction protocols (`offenses/`, `jurisdictions/<id>/<version>.json`); relative to the repository
   * root. The same folder as the referrals service's: a matter takes its terms (prosecutor review, intake deadline)
   * from the protocol version its referral was made under, and its prosecutor offices from the version in force.
   */
  @IsString()
  @IsNotEmpty({ message: '$property must not be empty' })
  JURISDICTIONS_CONFIG_DIR: string = 'config';

  /**
   * Minutes the intake deadline's timer waits after the deadline ran out before it releases a charge still held: an
   * intake case management recorded in time but whose message is still on its way (a consumer behind, a broker
   * restart) then still counts. The release is dated when the deadline ran out, whatever the wait.
   */
  @IsInt({ message: '$property must be an integer between 0 and 1440 (minutes)' })
  @Min(0, { message: '$property must be an integer between 0 and 1440 (minutes)' })
  @Max(1440, { message: '$property must be an integer between 0 and 1440 (minutes)' })
  INTAKE_REPORT_GRACE_MINUTES: number = 60;

  /** Days a settled durable timer (fired, failed, cancelled) is kept before the retention sweep deletes it. */
  @IsInt({ message: '$property must be an integer between 1 and 3650 (days)' })
  @Min(1, { message: '$property must be an integer between 1 and 3650 (days)' })
  @Max(3650, { message: '$property must be an integer between 1 and 3650 (days)' })
  TIMER_RETENTION_DAYS: number = 30;
}

export function jurisdictionsConfigDir(config: ProsecutionConfig): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}
