/**
 * Hooks an adapter calls so the host can export metrics without the store depending on a metrics
 * library. Every member is optional; a throwing observer never fails an append.
 */
export interface EventStoreObserver {
  appendDuration?(seconds: number, streamCategory: string): void;
  /** How many events a subscription is behind the head of the log (0 when live). */
  subscriptionLag?(subscription: string, eventsBehind: number): void;
}

/** `referral` for `referral-0190…`: the part of a stream id before its first dash. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}
