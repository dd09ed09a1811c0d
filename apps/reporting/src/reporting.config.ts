import { withAccessSettings } from '@lead/access';
import { ServiceConfig } from '@lead/platform';
import { IsNotEmpty, IsString } from 'class-validator';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at the same depth in `src/` and `dist/`. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Settings of the reporting service: the platform's and access settings, with its own default port. */
export class ReportingConfig extends withAccessSettings(ServiceConfig) {
  override HTTP_PORT = 3004;

  /**
   * Folder of jurisdiction protocols, relative to the repository root: the same as the other services'. Reports count
   * in each jurisdiction's local days (its protocol's time zone) and price its legal-system costs by its unit costs.
   */
  @IsString()
  @IsNotEmpty({ message: '$property must not be empty' })
  JURISDICTIONS_CONFIG_DIR: string = 'config';
}

export function jurisdictionsConfigDir(config: ReportingConfig): string {
  const dir = config.JURISDICTIONS_CONFIG_DIR;
  return isAbsolute(dir) ? dir : resolve(REPOSITORY_ROOT, dir);
}
