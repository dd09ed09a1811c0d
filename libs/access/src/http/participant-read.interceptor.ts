import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { currentCorrelationId } from '@lead/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { from, mergeMap, type Observable } from 'rxjs';
import { AccessAuditLog } from '../audit/access-audit-log.js';
import { isDisclosure, type Disclosure } from '../disclosure/disclose.js';
import { REDISCLOSURE_NOTICE_HEADER, REDISCLOSURE_NOTICE_SHORT } from '../disclosure/redisclosure-notice.js';
import type { AccessContext } from './access-context.js';
import { notVisible } from './access-problems.js';
import { accessContextOf } from './caller.decorator.js';

/**
 * Audits and renders what a `@ParticipantRead()` handler returned. The audit entry is written
 * before the response: if it cannot be written, the caller gets an error, not the data.
 */
@Injectable()
export class ParticipantReadInterceptor implements NestInterceptor {
  constructor(@Inject(AccessAuditLog) private readonly audit: AccessAuditLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const access = accessContextOf(request);
    if (!access) throw new Error('@ParticipantRead() on a route without an authenticated caller');
    return next.handle().pipe(mergeMap((result: unknown) => from(this.answer(result, access, response))));
  }

  private async answer(result: unknown, access: AccessContext, response: ServerResponse): Promise<unknown> {
    const single = isDisclosure(result);
    const disclosures = single ? [result] : Array.isArray(result) && result.every(isDisclosure) ? result : undefined;
    if (!disclosures) {
      throw new Error(
        `${access.route} is a @ParticipantRead() route but returned something other than disclose() results`,
      );
    }
    const correlationId = currentCorrelationId() ?? 'none';
    await Promise.all(
      disclosures.map((disclosure) => this.audit.recordRead(auditEntry(disclosure, access), correlationId)),
    );
    const disclosed = disclosures.filter((disclosure) => disclosure.outcome === 'disclosed');
    if (disclosed.some((disclosure) => disclosure.view === 'participation-status')) {
      response.setHeader(REDISCLOSURE_NOTICE_HEADER, REDISCLOSURE_NOTICE_SHORT);
    }
    if (single) {
      if (disclosed.length === 0) notVisible();
      return render(disclosed[0]);
    }
    return disclosed.map(render);
  }
}

function auditEntry(disclosure: Disclosure, access: AccessContext) {
  return {
    participantId: disclosure.participantId,
    jurisdiction: disclosure.jurisdiction,
    actor: { subject: access.principal.subject, agency: access.principal.agency, role: access.role },
    purpose: access.purpose!,
    route: access.route,
    view: disclosure.view,
    outcome: disclosure.outcome,
    ...(disclosure.outcome === 'withheld' ? { withheldBecause: disclosure.reason } : {}),
    ...(disclosure.outcome === 'disclosed' && disclosure.view === 'participation-status'
      ? { consentId: disclosure.consent.consentId, redisclosureNotice: true }
      : { redisclosureNotice: false }),
  };
}

/** The response body of one disclosure: status views carry the consent's scope and the §2.32 notice. */
function render(disclosure: Disclosure): unknown {
  if (disclosure.outcome !== 'disclosed') throw new Error('withheld disclosures are never rendered');
  if (disclosure.view === 'participation-status') {
    return { ...disclosure.body, consent: disclosure.consent, redisclosureNotice: disclosure.notice };
  }
  return disclosure.body;
}
