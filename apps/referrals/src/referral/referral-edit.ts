import type { ScopedRecord } from '@lead/access';
import type { Actor } from '@lead/event-store';
import type { ReferralCommand } from './referral.commands.js';
import { eligibilityOf, type ReferralState } from './referral.decider.js';
import { referralStream, type ReferralRepository } from './referral.repository.js';

/** Who edits a referral, and how they may see it: the access context's scope check and actor. */
export interface ReferralEditor {
  actor: Actor;
  visible<T extends ScopedRecord>(record: T | undefined): T;
}

/** What every edit of an existing referral carries besides its own fields. */
export abstract class ReferralEditCommand {
  constructor(
    readonly referralId: string,
    readonly editor: ReferralEditor,
    /** From `If-Match`: the revision the client decided on; a stale one is a 409, not a retry. */
    readonly expectedRevision: number | undefined,
    readonly correlationId: string,
  ) {}
}

export interface ReferralEditResult {
  referralId: string;
  status: string;
  eligible: boolean | null;
  revision: number;
}

/** A referral the caller may see, as it was loaded for the edit. */
export type VisibleReferral = Exclude<ReferralState, { status: 'none' }>;

/**
 * Load → scope check → decide → append for an edit of `referral-<id>`, reading the stream once: a referral the
 * caller may not see answers exactly like a missing one (404), a stale `If-Match` answers 409. A command that needs a
 * fact about the referral itself (its jurisdiction's agencies) is made from the referral once it is visible.
 */
export async function editReferral(
  referrals: ReferralRepository,
  edit: ReferralEditCommand,
  command: ReferralCommand | ((referral: VisibleReferral) => ReferralCommand),
): Promise<ReferralEditResult> {
  const stream = referralStream(edit.referralId);
  const loaded = await referrals.load(stream);
  const { state } = loaded;
  const referral = edit.editor.visible(
    state.status === 'none' ? undefined : { jurisdiction: state.jurisdiction, agency: state.referrer.agency },
  );
  // Past `visible`, the referral exists: a missing one was answered 404 there.
  const decided = typeof command === 'function' ? command(state as VisibleReferral) : command;
  const result = await referrals.handle(stream, decided, {
    loaded,
    metadata: {
      correlationId: edit.correlationId,
      actor: edit.editor.actor,
      jurisdiction: referral.jurisdiction,
      participantId: state.status === 'none' ? null : state.participantId,
    },
    ...(edit.expectedRevision !== undefined ? { expectedRevision: edit.expectedRevision } : {}),
  });
  return {
    referralId: edit.referralId,
    status: result.state.status,
    eligible: eligibilityOf(result.state),
    revision: result.revision,
  };
}
