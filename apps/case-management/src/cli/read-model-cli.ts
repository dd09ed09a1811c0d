import { loadConfig, runReadModelReplayCli, type ReadModelReplayCliIo, type ReplayableReadModel } from '@lead/platform';
import { CaseManagementConfig } from '../case-management.config.js';
import { caseManagementService } from '../case-management.module.js';
import { caseProjectionCheckpointId } from '../projections/case-projection.worker.js';
import { caseReadModel } from '../projections/case-read-model.js';
import { CASE_STREAM_PREFIX, CaseSummaryProjector } from '../projections/case-summary.projector.js';

/** The case summaries (caseloads, counts), rebuilt exactly as `CaseProjectionWorker` builds them. */
export const caseSummaries: ReplayableReadModel = {
  name: 'case-summaries',
  definition: caseReadModel,
  projector: (dataSource) => new CaseSummaryProjector(dataSource),
  streamPrefixes: [CASE_STREAM_PREFIX],
  checkpointId: caseProjectionCheckpointId,
};

/** `read-model replay|diff case-summaries` (what `lead-audit replay` / `diff` run); returns the exit code. */
export function runCaseManagementReadModelCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ReadModelReplayCliIo,
): Promise<number> {
  return runReadModelReplayCli(argv, env, io, {
    serviceName: caseManagementService.serviceName,
    readModels: [caseSummaries],
    settings: () => {
      // The port is the service's, not this command's: any valid one does.
      const config = loadConfig(CaseManagementConfig, { HTTP_PORT: '3002', ...env }, caseManagementService.serviceName);
      return { config, schema: config.DATABASE_SCHEMA ?? caseManagementService.schema };
    },
  });
}
