import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { ProblemException, ProblemType } from '../problem-details.js';
import type { ExpressRequest } from '../request-path.js';
import { idempotencyRequestDigest } from './idempotency-request-digest.js';
import { ANONYMOUS_SCOPE, idempotencyScopeOf, type IdempotencyPrincipal } from './idempotency-scope.js';
import { IdempotencyStore } from './idempotency-store.js';
import { IDEMPOTENT_BY_EFFECT, IDEMPOTENT_REQUEST, type IdempotentRequest } from './idempotent-by-effect.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * Makes every write safe to retry: a request with an `Idempotency-Key` header runs at most once per
 * caller (subject, agency and jurisdictions: idempotency-scope.ts) and key. A retry with the same request (path,
 * `If-Match` and body: idempotency-request-digest.ts) gets the first success again (`Idempotent-Replayed:
 * true`); the same key with another request is a 422; a retry while the first is still running is a
 * 409. A failed write releases its key, so a corrected retry can run. A route marked `@IdempotentByEffect()`
 * keeps these promises itself, through what it writes (see idempotent-by-effect.ts).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<
      ExpressRequest & {
        body?: unknown;
        headers: Record<string, string | string[] | undefined>;
        originalUrl?: string;
        user?: IdempotencyPrincipal;
      }
    >();
    const response = http.getResponse<ServerResponse>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (!WRITES.has(request.method ?? '') || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new ProblemException({
        type: ProblemType.ValidationFailed,
        title: 'The request is not valid',
        status: 400,
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.',
        errors: [{ field: 'header:Idempotency-Key', messages: ['must be 1 to 255 visible ASCII characters'] }],
      });
    }
    const scope = idempotencyScopeOf(request);
    const ifMatch = request.headers['if-match'];
    const requestHash = idempotencyRequestDigest({
      method: request.method ?? 'POST',
      path: request.originalUrl ?? request.url ?? '/',
      ifMatch: Array.isArray(ifMatch) ? ifMatch.join(', ') : ifMatch,
      body: request.body,
    });
    if (Reflect.getMetadata(IDEMPOTENT_BY_EFFECT, context.getHandler()) === true) {
      // Only a caller the access layer identified owns keys: 'anonymous' would be one scope shared by everyone.
      if (scope !== ANONYMOUS_SCOPE)
        (request as unknown as Record<symbol, IdempotentRequest>)[IDEMPOTENT_REQUEST] = { scope, key, requestHash };
      return next.handle();
    }
    const reservation = await this.store.reserve(scope, key, requestHash);
    if (reservation.kind === 'mismatch') {
      throw new ProblemException({
        type: ProblemType.RuleViolated,
        title: 'The request breaks a rule of the program',
        status: 422,
        code: 'idempotency_key_reused',
        detail: 'This Idempotency-Key was already used for a different request; use a new key for a new request.',
      });
    }
    if (reservation.kind === 'in-progress') {
      response.setHeader('Retry-After', '1');
      throw new ProblemException({
        type: ProblemType.ConcurrencyConflict,
        title: 'The same request is still being processed',
        status: 409,
        detail: 'A request with this Idempotency-Key is in progress; retry shortly to get its result.',
      });
    }
    if (reservation.kind === 'replay') {
      const stored = reservation.response as StoredResponse;
      for (const [name, value] of Object.entries(stored.headers ?? {})) response.setHeader(name, value);
      response.setHeader('Idempotent-Replayed', 'true');
      return of(stored.body);
    }
    const status = successStatus(context, request.method ?? 'POST');
    return next.handle().pipe(
      mergeMap((body) =>
        from(this.store.complete(scope, key, status, { body, headers: replayedHeaders(response) }).then(() => body)),
      ),
      catchError((error: unknown) =>
        from(this.store.release(scope, key).catch(() => undefined)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}

/** A completed write as kept for replay: its body and the headers a client needs to continue from it. */
interface StoredResponse {
  body: unknown;
  headers?: Record<string, string>;
}

/** `ETag` carries the stream revision the client needs for its next `If-Match`; `Location` names what was created. */
const REPLAYED_HEADERS = ['etag', 'location'];

function replayedHeaders(response: ServerResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/** The status Nest answers a successful call of this route with (`@HttpCode`, else 201 for POST, 200 otherwise). */
function successStatus(context: ExecutionContext, method: string): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
  return declared ?? (method === 'POST' ? 201 : 200);
}
