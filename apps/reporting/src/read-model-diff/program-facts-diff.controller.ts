import { Controller, Get, Inject } from '@nestjs/common';
import { Caller, type AccessContext } from '@lead/access';
import { ProgramFactsDiff, type ReadModelDiff } from './program-facts-diff.js';

@Controller('audit/read-models')
export class ProgramFactsDiffController {
  constructor(@Inject(ProgramFactsDiff) private readonly diff: ProgramFactsDiff) {}

  /**
   * The reporting facts rebuilt from the program log beside the live table and compared with it, row by row: they
   * must match, and each mismatch (missing from the live table, not in the log, a column that differs) names its event.
   * Auditors, for their jurisdictions' rows. Live consumption waits while it runs; reports keep answering.
   */
  @Get('program-facts/diff')
  programFacts(@Caller() caller: AccessContext): Promise<ReadModelDiff> {
    return this.diff.run(caller.jurisdictions);
  }
}
