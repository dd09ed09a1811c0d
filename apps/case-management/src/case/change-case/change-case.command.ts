import type { AccessContext } from '@lead/access';
import type { SealedValue } from '@lead/crypto';
import type { CaseProgram } from '../../program/case-program.js';
import type { CaseCommand } from '../case.commands.js';
import type { CaseState } from '../case.decider.js';
import type { Staff } from '../case.events.js';
import type { OpenedCase } from '../case-visibility.js';

/** What a use case has to build its domain command from: the case as loaded, and the means to seal. */
export interface CaseChangeContext {
  state: CaseState;
  opened: OpenedCase;
  program: CaseProgram;
  /** The caller, as the command's author. */
  by: Staff;
  /** The server's clock, as an instant: when the command happens. */
  at: string;
  /** Seals values with the participant's data key (one lookup for all). */
  seal(values: readonly unknown[]): Promise<SealedValue[]>;
}

/** Builds the domain command of one use case (assign, intake, consent, contact…) from the loaded case. */
export type CaseChange = (context: CaseChangeContext) => CaseCommand | Promise<CaseCommand>;

export interface ChangeCaseResult {
  state: CaseState;
  revision: number;
}

/** A staff member changes a case; `expectedRevision` from `If-Match`, when sent. */
export class ChangeCaseCommand {
  constructor(
    readonly caseId: string,
    readonly caller: AccessContext,
    readonly change: CaseChange,
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}
