import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** A write's `Idempotency-Key`, whose it is, and a digest of the request it was sent with. */
export interface IdempotentRequest {
  /**
   * Who the key belongs to: the token's subject, agency and jurisdictions (idempotency-scope.ts). Keys of different
   * callers never meet, nor those of one subject acting for another agency or in other jurisdictions.
   */
  scope: string;
  key: string;
  /**
   * sha256 of method, path, `If-Match` and canonical body (idempotency-request-digest.ts): the same key with another
   * request is refused (422).
   */
  requestHash: string;
}

export const IDEMPOTENT_BY_EFFECT = 'lead:idempotent-by-effect';

/**
 * Marks a write that is idempotent through its own effect: the handler derives what it writes from the key, so a
 * retry finds the first write in the event store and answers it again, even when the process died right after
 * that write. The interceptor then keeps no record of the key (that record would be a separate write, and a crash
 * between the two is what made retries duplicate); it validates the key and hands it on (`@IdempotentRequestOf()`).
 */
export const IdempotentByEffect = (): MethodDecorator => SetMetadata(IDEMPOTENT_BY_EFFECT, true);

/** Where the interceptor leaves the key of a route marked `@IdempotentByEffect()`. */
export const IDEMPOTENT_REQUEST = Symbol('lead.idempotentRequest');

/** The request's key, scope and digest, or undefined when it came without an `Idempotency-Key`. */
export const IdempotentRequestOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotentRequest | undefined =>
    context.switchToHttp().getRequest<Record<symbol, IdempotentRequest | undefined>>()[IDEMPOTENT_REQUEST],
);
