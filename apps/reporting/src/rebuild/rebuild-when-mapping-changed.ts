import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import { PROGRAM_FACTS_VERSION } from '../program-facts/program-fact.js';
import { ProgramFactsRebuild } from './program-facts-rebuild.js';

/**
 * At start-up, a facts table built by another version of the mapping is rebuilt from the log in the background:
 * the reports keep answering from the live table until the new one is switched in. Replicas starting together queue
 * on the rebuild's lock, and the later ones find the version current and do nothing.
 */
@Injectable()
export class RebuildWhenMappingChanged implements OnApplicationBootstrap {
  /** The rebuild started at bootstrap, if one was needed (tests and shutdown wait for it). */
  running: Promise<void> | undefined;

  constructor(
    @Inject(ProgramFactsRebuild) private readonly rebuild: ProgramFactsRebuild,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const version = await this.rebuild.liveVersion();
    if (version === PROGRAM_FACTS_VERSION) return;
    this.logger.info(
      { from: version, to: PROGRAM_FACTS_VERSION },
      'program facts built by another mapping: rebuilding',
    );
    this.running = this.rebuild
      .run({ unlessVersion: PROGRAM_FACTS_VERSION })
      .then((result) => this.logger.info({ ...result }, 'program facts rebuilt'))
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'program facts rebuild failed; the live table is unchanged'),
      );
  }
}
