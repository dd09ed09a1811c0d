import { ServiceConfig } from '@lead/platform';

/** Settings of the prosecution service: the platform's, with its own default port. */
export class ProsecutionConfig extends ServiceConfig {
  override HTTP_PORT = 3003;
}
