import type { AccessContext } from '@lead/access';
import { StreamNotFound } from '@lead/event-store';
import type { DataUseAgreementCommand } from './data-use-agreement.commands.js';
import { agreementViewOf, type DataUseAgreementView } from './data-use-agreement-view.js';
import { agreementStream, type DataUseAgreementRepository } from './data-use-agreement.repository.js';

export interface AgreementChange {
  agreementId: string;
  caller: AccessContext;
  /** From `If-Match`, when sent: a change decided on a stale agreement is a 409. */
  expectedRevision: number | undefined;
  correlationId: string;
}

/**
 * Load → check the caller may see it (another jurisdiction's agreement is not found) → decide → append at the loaded
 * revision: what amending and revoking share.
 */
export async function changeAgreement(
  agreements: DataUseAgreementRepository,
  change: AgreementChange,
  command: DataUseAgreementCommand,
  now: Date,
): Promise<{ agreement: DataUseAgreementView; revision: number }> {
  const stream = agreementStream(change.agreementId);
  const loaded = await agreements.load(stream);
  if (loaded.state.status === 'none') throw new StreamNotFound(stream);
  const { jurisdiction } = change.caller.visible(loaded.state.terms);
  const result = await agreements.handle(stream, command, {
    loaded,
    metadata: { correlationId: change.correlationId, actor: change.caller.actor, jurisdiction },
    ...(change.expectedRevision !== undefined ? { expectedRevision: change.expectedRevision } : {}),
  });
  return { agreement: agreementViewOf(result.state, now)!, revision: result.revision };
}
