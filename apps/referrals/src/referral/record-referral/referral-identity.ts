import { deriveEventId, type Actor } from '@lead/event-store';
import type { IdempotentRequest } from '@lead/platform';

/** Names ids derived for keyed referrals, apart from every other derived id of the project. */
const KEYED_REFERRAL_NAMESPACE = '0b6f3c52-9a1e-4d7b-8f20-5c4e7a9d1b36';

/**
 * The ids a referral sent with an `Idempotency-Key` gets: derived from the key's scope (the caller's subject, agency
 * and jurisdictions) and the key, so a retry after a crash decides the same referral (and, for a new person, the same
 * participant) and finds what the first attempt stored, instead of recording the arrest a second time. Without a
 * key, fresh random ids. The events get fresh ids either way: a retry's append must conflict with the first one's
 * (`no_stream`), not pass as its idempotent repeat, which could not tell a retry from the same key sent with another
 * body.
 */
export interface ReferralIdentity {
  referralId: string;
  /**
   * The id a person not known yet is registered under. With a key it is derived from the key's scope, the key and the
   * request's digest: a retry of the same request gets the same id, and a retry with another person (a corrected
   * form, on EventStoreDB after a partial write) another one, so two people never share a participant through one
   * key. Never from the person's match key: an id derived from it could be recomputed by whoever holds the matching
   * key, and would confirm, after the person's erasure, that the erased participant was this person.
   */
  newParticipantId: string;
}

export function referralIdentityOf(idempotency: IdempotentRequest | undefined, mint: () => string): ReferralIdentity {
  if (!idempotency) {
    const newParticipantId = mint();
    return { referralId: mint(), newParticipantId };
  }
  // The scope is a canonical JSON object, which ends where it closes, and a key holds no line break: one source
  // names one scope and key. It never begins like an agency code, so it never meets a source of the form below.
  return identityFrom(`${idempotency.scope}\n${idempotency.key}`, idempotency.requestHash);
}

/**
 * The ids a keyed referral got before its key was scoped by the caller's jurisdictions too: derived from agency,
 * subject and key. A retry of such a referral is recognised through them (record-referral.handler.ts); nothing new
 * is recorded under them.
 */
export function referralIdentityBeforeJurisdictionScope(
  actor: Pick<Actor, 'agency' | 'subject'>,
  idempotency: IdempotentRequest,
): ReferralIdentity {
  // `/`-joined: neither an agency code nor a subject may contain `/`.
  return identityFrom(`${actor.agency}/${actor.subject}/${idempotency.key}`, idempotency.requestHash);
}

/** `requestHash`: the request's digest (sha256 hex), which names the person only together with the whole body. */
function identityFrom(source: string, requestHash: string): ReferralIdentity {
  return {
    referralId: deriveEventId(source, 'referral', KEYED_REFERRAL_NAMESPACE),
    newParticipantId: deriveEventId(source, `participant-of-request/${requestHash}`, KEYED_REFERRAL_NAMESPACE),
  };
}
