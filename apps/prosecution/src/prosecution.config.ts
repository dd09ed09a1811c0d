import { withAccessSettings } from '@lead/access';
import { ServiceConfig } from '@lead/platform';
import { IsNotEmpty, IsString } from 'class-validator';
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
}

export function jurisdictionsConfigDir(config: ProsecutionConfig): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}
