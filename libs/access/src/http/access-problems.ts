import { StreamNotFound } from '@lead/event-store';
import { ProblemException, ProblemType } from '@lead/platform';

export const AccessProblemType = {
  Unauthenticated: 'urn:lead:problem:unauthenticated',
  Forbidden: 'urn:lead:problem:forbidden',
  Throttled: 'urn:lead:problem:throttled',
  AuthenticationUnavailable: 'urn:lead:problem:authentication-unavailable',
  HistoryScansBusy: 'urn:lead:problem:history-scans-busy',
} as const;

/** One answer for every refused token: which check failed is for the audit trail, not for a prober. */
export function unauthenticated(): ProblemException {
  return new ProblemException({
    type: AccessProblemType.Unauthenticated,
    title: 'Authentication required',
    status: 401,
    detail: 'A valid bearer token is required.',
  });
}

export function forbidden(): ProblemException {
  return new ProblemException({
    type: AccessProblemType.Forbidden,
    title: 'Forbidden',
    status: 403,
    detail: 'None of your roles may use this route.',
  });
}

/** The address sent too many requests that were refused before authentication; a valid token still passes. */
export function throttled(retryAfterSeconds: number): ProblemException {
  return new ProblemException({
    type: AccessProblemType.Throttled,
    title: 'Too many refused requests',
    status: 429,
    detail: `Too many requests without a valid token came from this address; retry after ${retryAfterSeconds} s.`,
  });
}

/** Every slot for reading a participant's history is taken (or this caller already holds one). */
export function historyScansBusy(ownScan: boolean, retryAfterSeconds: number): ProblemException {
  return new ProblemException({
    type: AccessProblemType.HistoryScansBusy,
    title: 'Too many history reads at once',
    status: 429,
    detail: ownScan
      ? `A participant history you asked for is still being read; retry after ${retryAfterSeconds} s.`
      : `Every participant history this service reads at once is taken; retry after ${retryAfterSeconds} s.`,
  });
}

export function authenticationUnavailable(): ProblemException {
  return new ProblemException({
    type: AccessProblemType.AuthenticationUnavailable,
    title: 'Authentication is unavailable',
    status: 503,
    detail: 'Tokens cannot be verified right now; try again shortly.',
  });
}

/** 400 naming a header, like the platform names body fields. */
export function invalidHeader(header: string, message: string): ProblemException {
  return new ProblemException({
    type: ProblemType.ValidationFailed,
    title: 'The request is not valid',
    status: 400,
    detail: `Invalid field: header:${header}`,
    errors: [{ field: `header:${header}`, messages: [message] }],
  });
}

/**
 * A record the caller may not see: the event store's own "not found", so the platform renders it
 * through the same code path as a missing one; its own class lets the access audit count it.
 */
export class NotVisible extends StreamNotFound {
  constructor() {
    super('(not visible to the caller)');
  }
}

/** A record the caller may not see answers exactly like one that does not exist (and is counted in the access audit). */
export function notVisible(): never {
  throw new NotVisible();
}
