import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import {
  AppendRefused,
  DomainRuleViolation,
  StreamIntegrityBroken,
  StreamNotFound,
  WrongExpectedVersion,
} from '@lead/event-store';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { appendRefusedProblem } from './append-refused.js';
import { CORRELATION_ID_HEADER } from './correlation-id.middleware.js';
import { routedPath, routeTemplateOf, type ExpressRequest } from './request-path.js';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  ProblemType,
  type ProblemDescription,
  type ProblemDetails,
} from './problem-details.js';

const UNEXPECTED_DETAIL = 'An unexpected error occurred. Quote the correlation id when reporting it.';

/**
 * Answers every error of an HTTP request as RFC 9457 problem+json: validation, routing,
 * body parsing, concurrency, domain rules and crashes alike, so clients need one error parser.
 * Never returns a stack trace or an unexpected error's message (they can hold SQL, hosts or
 * personal data); those are logged with the correlation id instead.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<ExpressRequest>();
    const response = http.getResponse<ServerResponse>();

    const description = this.describe(exception, request);
    const correlationId = response.getHeader(CORRELATION_ID_HEADER);
    const problem: ProblemDetails = {
      ...description,
      // The route and its validated ids, not the path as sent: a client can put anything into a URL (request-path.ts).
      instance: routedPath(request),
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
    };

    if (response.headersSent) {
      // A streamed response failed half-way: the status line is gone, all we can do is cut it.
      response.destroy();
      return;
    }
    response.statusCode = problem.status;
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.end(JSON.stringify(problem));
  }

  private describe(exception: unknown, request: ExpressRequest): ProblemDescription {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof WrongExpectedVersion) {
      const currentRevision = exception.actual === 'no_stream' ? null : exception.actual;
      return {
        type: ProblemType.ConcurrencyConflict,
        title: 'The resource was changed by someone else',
        status: 409,
        detail:
          currentRevision === null
            ? 'The resource does not exist (yet); create it before changing it.'
            : `The resource is at revision ${currentRevision}; reload it and retry with that revision.`,
        currentRevision,
      };
    }
    if (exception instanceof DomainRuleViolation) {
      return {
        type: ProblemType.RuleViolated,
        title: 'The request breaks a rule of the program',
        status: 422,
        detail: exception.message,
        code: exception.code,
        ...(Object.keys(exception.details).length > 0 ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof StreamNotFound) {
      // The stream id is not echoed: it is the caller's resource id at best and internal naming at worst.
      return plainStatus(404, 'The requested resource does not exist.');
    }
    if (exception instanceof StreamIntegrityBroken) {
      // The record's history failed its check (docs/audit.md): nothing is served or decided on it until an audit
      // finds it whole. 503, not 4xx: the request was fine; the stream id is not echoed (as for a 404).
      return {
        type: ProblemType.IntegrityHold,
        title: 'The record is held for an integrity audit',
        status: 503,
        detail:
          "The record's history failed its integrity check; it is neither served nor changed until an audit finds it whole.",
        findings: exception.kinds,
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500)
      return describeHttpException(exception, request);
    if (exception instanceof AppendRefused) {
      const problem = appendRefusedProblem(exception, (request as { body?: unknown }).body);
      if (problem) return problem;
      // Nothing the caller sent explains it: the service decided an event it cannot publish, a bug to fix.
    }

    this.logger.error({
      msg: `Unexpected error on ${request.method ?? '?'} ${routedPath(request)}`,
      err: exception instanceof Error ? exception : new Error(String(exception)),
    });
    return plainStatus(exception instanceof HttpException ? exception.getStatus() : 500, UNEXPECTED_DETAIL);
  }
}

function describeHttpException(exception: HttpException, request: ExpressRequest): ProblemDescription {
  const status = exception.getStatus();
  // Nest's router says `Cannot GET <path and query>`: the path as sent, which is not repeated (request-path.ts).
  if (status === 404 && routeTemplateOf(request) === undefined)
    return plainStatus(404, 'No route answers this method at this path.');
  const cause = exception.cause as { type?: string; limit?: number } | undefined;
  // Body-parser errors arrive mapped to HttpExceptions; their own messages quote parser internals.
  if (cause?.type === 'entity.parse.failed') return plainStatus(400, 'The request body is not valid JSON.');
  if (cause?.type === 'entity.too.large')
    return plainStatus(413, `The request body is larger than the limit of ${cause.limit ?? '?'} bytes.`);
  return plainStatus(status, messageOf(exception));
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

function plainStatus(status: number, detail: string): ProblemDescription {
  return { type: ProblemType.Generic, title: STATUS_CODES[status] ?? 'Error', status, detail };
}
