import { ServiceConfig } from '@lead/platform';

/** Settings of the reporting service: the platform's, with its own default port. */
export class ReportingConfig extends ServiceConfig {
  override HTTP_PORT = 3004;
}
