import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { StreamIntegrityBroken } from '@lead/event-store';
import type { IncomingMessage } from 'node:http';
import { catchError, type Observable } from 'rxjs';
import { NotVisible } from './access-problems.js';
import { accessContextOf } from './caller.decorator.js';

/**
 * A record held for an integrity audit answers 503 to callers of its jurisdiction, and exactly like a record that
 * does not exist (404, counted as not visible) to everyone else: otherwise a caller of another jurisdiction who knows
 * an id could learn that its record exists, and that it is held. The jurisdictions are those the held stream's events
 * name; when none can be told, the hold is answered as it is.
 */
@Injectable()
export class IntegrityHoldScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof StreamIntegrityBroken && error.jurisdictions.length > 0) {
          const access = accessContextOf(context.switchToHttp().getRequest<IncomingMessage>());
          const callerSees = access?.principal.jurisdictions ?? [];
          if (!error.jurisdictions.some((jurisdiction) => callerSees.includes(jurisdiction))) throw new NotVisible();
        }
        throw error;
      }),
    );
  }
}
