import type { CaseContactLoggedV1 } from './case-contact-logged.v1.js';
import type { CaseContactLoggedV2 } from './case-contact-logged.v2.js';

type KindV1 = CaseContactLoggedV1['contactKind'];
type KindV2 = CaseContactLoggedV2['contactKind'];

/**
 * v2 has neither `video` nor `collateral`. A video call is a conversation at a distance, as a phone call is; it
 * reads as `phone`, not `in_person`, which would count it among face-to-face contacts. A collateral contact is
 * with a provider or another professional on the participant's behalf: it never reaches the participant, so it
 * reads as an `outreach_attempt`, and as unsuccessful whatever v1's `outreachAttempt` said.
 */
const KIND: Record<KindV1, KindV2> = {
  in_person: 'in_person',
  phone: 'phone',
  video: 'phone',
  text_message: 'text',
  collateral: 'outreach_attempt',
};

/**
 * v1 → v2: `successful` is the inverse of `outreachAttempt`; the day stays the day. `contactId` is left out rather than derived: v1 holds only the case, the kind and the day, so two attempts
 * of one day would get the same id. The duration, which v1 did not hold, is left out too.
 */
export function caseContactLoggedV1ToV2({
  caseId,
  contactKind,
  outreachAttempt,
  contactedOn,
}: CaseContactLoggedV1): CaseContactLoggedV2 {
  return {
    caseId,
    contactKind: KIND[contactKind],
    successful: contactKind !== 'collateral' && !outreachAttempt,
    contactedOn,
  };
}
