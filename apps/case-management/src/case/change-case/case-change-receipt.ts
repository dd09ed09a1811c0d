import type { CommandBus } from '@nestjs/cqrs';
import type { AccessContext } from '@lead/access';
import { currentCorrelationId, setRevisionETag } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ChangeCaseCommand, type CaseChange, type ChangeCaseResult } from './change-case.command.js';

/**
 * What a staff write answers: the case and its revision (also the `ETag`, for the `If-Match` of the next write),
 * and the id the write minted, if any. Never the participant's data: reading that is an audited read of its own.
 */
export class CaseChangeReceipt {
  /** The case written. */
  caseId!: string;
  /** The case's revision after the write. */
  revision!: number;
  /** The consent, goal, service connection, contact or assessment this write created, when it created one. */
  createdId?: string;
}

/** Runs one staff write through the command bus and answers its receipt. */
export async function changeCase(
  commands: CommandBus,
  request: {
    caseId: string;
    caller: AccessContext;
    change: CaseChange;
    expectedRevision: number | undefined;
    response: ServerResponse;
    createdId?: string;
  },
): Promise<CaseChangeReceipt> {
  const { revision } = await commands.execute<ChangeCaseCommand, ChangeCaseResult>(
    new ChangeCaseCommand(
      request.caseId,
      request.caller,
      request.change,
      request.expectedRevision,
      currentCorrelationId() ?? randomUUID(),
    ),
  );
  setRevisionETag(request.response, revision);
  return {
    caseId: request.caseId.toLowerCase(),
    revision,
    ...(request.createdId ? { createdId: request.createdId } : {}),
  };
}
