import { HttpException } from '@nestjs/common';

/** RFC 9457 media type; every error this platform answers uses it. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types of this backend; `about:blank` covers the plain HTTP statuses. */
export const ProblemType = {
  ValidationFailed: 'urn:lead:problem:validation-failed',
  ConcurrencyConflict: 'urn:lead:problem:concurrency-conflict',
  RuleViolated: 'urn:lead:problem:rule-violated',
  NotReady: 'urn:lead:problem:not-ready',
  IntegrityHold: 'urn:lead:problem:integrity-hold',
  Generic: 'about:blank',
} as const;

export interface FieldError {
  /** Dotted path into the request, e.g. `address.city` or `contacts.0.phone`. */
  field: string;
  messages: string[];
}

/**
 * A problem as a handler or pipe describes it (RFC 9457 members plus this backend's extension
 * members); the filter adds where it happened and which request it was.
 */
export interface ProblemDescription {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** 400: one entry per invalid field. */
  errors?: FieldError[];
  /** 409: the stream revision the caller must build on; null when the resource does not exist yet. */
  currentRevision?: number | null;
  /** 422: the machine-readable name of the broken rule. */
  code?: string;
  /** 422: what the decider attached to the violation (it must hold no personal data). */
  details?: Record<string, unknown>;
  [extension: string]: unknown;
}

/** The body of every error response. */
export interface ProblemDetails extends ProblemDescription {
  /** The request path the problem occurred on. */
  instance: string;
  /** Echoes `x-correlation-id`, so a caller can quote it when reporting the problem. */
  correlationId?: string;
}

/** Thrown to answer with an exact problem document rather than one derived from a status code. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDescription) {
    super(problem.detail, problem.status);
  }
}
