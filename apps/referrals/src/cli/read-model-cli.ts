import { loadConfig, runReadModelReplayCli, type ReadModelReplayCliIo, type ReplayableReadModel } from '@lead/platform';
import { referralProjectionCheckpointId } from '../projections/referral-projection.worker.js';
import { referralReadModel } from '../projections/referral-read-model.js';
import { PROJECTED_STREAM_PREFIXES, ReferralSummaryProjector } from '../projections/referral-summary.projector.js';
import { ReferralsConfig } from '../referrals.config.js';
import { referralsService } from '../referrals.module.js';

/** The referral lists and their merges, rebuilt exactly as `ReferralProjectionWorker` builds them. */
export const referralSummaries: ReplayableReadModel = {
  name: 'referral-summaries',
  definition: referralReadModel,
  projector: (dataSource) => new ReferralSummaryProjector(dataSource),
  streamPrefixes: PROJECTED_STREAM_PREFIXES,
  checkpointId: referralProjectionCheckpointId,
};

/** `read-model replay|diff referral-summaries` (what `lead-audit replay` / `diff` run); returns the exit code. */
export function runReferralsReadModelCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ReadModelReplayCliIo,
): Promise<number> {
  return runReadModelReplayCli(argv, env, io, {
    serviceName: referralsService.serviceName,
    readModels: [referralSummaries],
    settings: () => {
      // The port is the service's, not this command's: any valid one does.
      const config = loadConfig(ReferralsConfig, { HTTP_PORT: '3001', ...env }, referralsService.serviceName);
      return { config, schema: config.DATABASE_SCHEMA ?? referralsService.schema };
    },
  });
}
