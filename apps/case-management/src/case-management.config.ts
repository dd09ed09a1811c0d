import { ServiceConfig } from '@lead/platform';

/** Settings of the case-management service: the platform's, with its own default port. */
export class CaseManagementConfig extends ServiceConfig {
  override HTTP_PORT = 3002;
}
