import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { catchError, type Observable } from 'rxjs';
import { auditedMethod } from '../audit/refusal.js';
import { RefusalLedger } from '../audit/refusal-ledger.js';
import { NotVisible } from './access-problems.js';
import { accessContextOf } from './caller.decorator.js';
import { ClientAddress } from './client-address.js';

/**
 * Counts in the access audit every 404 that answered a record the caller may not see (another
 * jurisdiction's or agency's): a prober walking ids leaves a trace, while the answer stays the same
 * as for a missing record. Counting is an in-memory tally, so it adds nothing measurable to the answer.
 */
@Injectable()
export class NotVisibleAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(RefusalLedger) private readonly ledger: RefusalLedger,
    @Inject(ClientAddress) private readonly clientAddress: ClientAddress,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof NotVisible) this.count(context.switchToHttp().getRequest<IncomingMessage>());
        throw error;
      }),
    );
  }

  private count(request: IncomingMessage): void {
    const access = accessContextOf(request);
    this.ledger.record({
      status: 404,
      reason: 'not-visible',
      method: auditedMethod(request.method),
      route: access?.route ?? null,
      address: this.clientAddress.of(request),
      subject: access?.principal.subject ?? null,
      agency: access?.principal.agency ?? null,
    });
  }
}
