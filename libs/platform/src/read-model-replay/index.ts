export { postgresLiveCheckpoint, type LiveCheckpoint } from './live-checkpoint.js';
export { ReadModelDiff, type ReadModelDiffResult } from './read-model-diff.js';
export { ReadModelReplay, type ReadModelReplayOptions, type ReplayOutcome } from './read-model-replay.js';
export {
  readModelReplayUsage,
  runReadModelReplayCli,
  type ReadModelReplayCliIo,
  type ReadModelReplayService,
} from './read-model-replay-cli.js';
export { diffSchemaName, replaySchemaName } from './replay-schema-name.js';
export type { ReplayableReadModel } from './replayable-read-model.js';
export { compareTable, type RowMismatch, type TableComparison } from './table-comparison.js';
