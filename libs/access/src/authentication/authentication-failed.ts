/** Why a bearer token was refused; recorded in the access audit, never told to the caller. */
export type AuthenticationFailureReason =
  | 'missing'
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'issued-at-invalid'
  | 'lifetime-too-long'
  | 'claims-invalid';

/**
 * A token was missing or not acceptable. `verifiedSubject` is set only when the signature checked
 * out (an expired or wrong-audience token of a real user): only then may the failure count against
 * that subject, or anyone could lock a user out by sending forged tokens in their name.
 */
export class AuthenticationFailed extends Error {
  override readonly name = 'AuthenticationFailed';
  constructor(
    readonly reason: AuthenticationFailureReason,
    readonly verifiedSubject?: string,
  ) {
    super(`Bearer token refused: ${reason}`);
  }
}

/** The identity provider's key set could not be fetched: nobody can be authenticated, through no fault of theirs. */
export class KeySetUnavailable extends Error {
  override readonly name = 'KeySetUnavailable';
  constructor(cause: unknown) {
    super(`The token verification key set is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
