/**
 * Where a refusal made before any request exists is counted: Node's HTTP parser refuses a connection whose headers are
 * too large or are not HTTP, so no guard, middleware or filter of the app sees it. A library above the platform (the
 * access layer, which counts and audits refused requests) provides it in the app's container; the platform only calls
 * it, so it stays below that library.
 */
export const REFUSED_CONNECTION_LISTENER = Symbol.for('lead.refusedConnectionListener');

export interface RefusedConnectionListener {
  /**
   * `address`: the connection's peer (no header could be read, so no proxy is consulted); `status`: what it was
   * answered; `reason`: why, e.g. `headers-too-large`.
   */
  refused(refusal: { address: string; status: number; reason: string }): void;
}
