import type { MessagingObserver } from './messaging-observer.js';

/** A worker that has not made progress since its first failure, for longer than the watch's threshold. */
export interface StuckWorker {
  /** `relay:<name>` or `consumer:<group>`. */
  worker: string;
  seconds: number;
  /** What keeps failing: the error's name only (messages can hold values from the event). */
  reason: string;
}

/**
 * Tells a relay or consumer that keeps failing from one that is working: a worker is stuck from its first failure
 * (a failed relay cycle, a retried publish, a retried message) until it next makes progress (a checkpoint moved,
 * a message handled or dead-lettered). Before, a relay retrying one unpublishable event for ever looked healthy:
 * its lag gauge stayed 0 and `/ready` said ok. Readiness reports the stuck workers as `degraded` and the
 * `lead_messaging_stuck_seconds` gauge counts the time.
 */
export class ProgressWatch implements MessagingObserver {
  private readonly failingSince = new Map<string, { since: number; reason: string }>();

  constructor(
    /** How long a worker may fail without progress before it counts as stuck. */
    private readonly stuckAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  relayFailed(relay: string, error?: unknown): void {
    this.failed(`relay:${relay}`, error);
  }

  relayRetried(relay: string, error: unknown): void {
    this.failed(`relay:${relay}`, error);
  }

  relayProgressed(relay: string): void {
    this.failingSince.delete(`relay:${relay}`);
  }

  consumerRetry(group: string, _kind: 'transient' | 'permanent', error?: unknown): void {
    this.failed(`consumer:${group}`, error);
  }

  consumerFailed(group: string, error: unknown): void {
    this.failed(`consumer:${group}`, error);
  }

  consumed(group: string): void {
    this.failingSince.delete(`consumer:${group}`);
  }

  /** Every worker failing for longer than the threshold, longest first. */
  stuck(): StuckWorker[] {
    const now = this.now();
    return [...this.failingSince.entries()]
      .map(([worker, { since, reason }]) => ({ worker, seconds: Math.floor((now - since) / 1000), reason, since }))
      .filter(({ since }) => now - since >= this.stuckAfterMs)
      .sort((a, b) => a.since - b.since)
      .map(({ worker, seconds, reason }) => ({ worker, seconds, reason }));
  }

  /** Seconds each known worker has been failing (0 for one that recovered): the gauge's values. */
  failingSeconds(): Map<string, number> {
    const now = this.now();
    return new Map([...this.failingSince.entries()].map(([worker, { since }]) => [worker, (now - since) / 1000]));
  }

  private failed(worker: string, error: unknown): void {
    if (this.failingSince.has(worker)) return;
    this.failingSince.set(worker, { since: this.now(), reason: reasonOf(error) });
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? 'Error' : error.name;
  return error === undefined ? 'failing' : typeof error;
}
