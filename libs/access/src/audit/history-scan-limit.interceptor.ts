import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finalize, type Observable } from 'rxjs';
import { historyScansBusy } from '../http/access-problems.js';
import { accessContextOf } from '../http/caller.decorator.js';
import { HistoryScanSlots } from './history-scan-slots.js';

/** A scan of a million events takes seconds: retrying sooner would only be refused again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Takes a `HistoryScanSlots` slot for the request (the caller's subject) or answers 429 with `Retry-After`; the slot
 * is given back when the answer is sent or fails. On the participant-history routes only.
 */
@Injectable()
export class HistoryScanLimit implements NestInterceptor {
  constructor(@Inject(HistoryScanSlots) private readonly slots: HistoryScanSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const subject = accessContextOf(http.getRequest<IncomingMessage>())?.principal.subject;
    if (subject === undefined) throw new Error('HistoryScanLimit on a route without an authenticated caller');
    const slot = this.slots.acquire(subject);
    if ('refused' in slot) {
      http.getResponse<ServerResponse>().setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw historyScansBusy(slot.refused === 'own', RETRY_AFTER_SECONDS);
    }
    return next.handle().pipe(finalize(slot.release));
  }
}
