import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written on behalf of one request (or one handled event) carries. */
export interface RequestContext {
  correlationId: string;
}

/**
 * Carried through async calls so that code deep inside a handler logs the correlation id
 * without it being passed down every signature.
 */
const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `correlationId` as the current one, e.g. while handling a subscribed event. */
export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

/** The correlation id of the request or event being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
