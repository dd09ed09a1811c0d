export interface LockoutPolicy {
  /** Failures within `windowMs` that lock the key. */
  threshold: number;
  /** How long a lockout lasts, and how far back failures count. */
  windowMs: number;
}

export interface LockoutState {
  locked: boolean;
  /** When a lockout ends (only when `locked`). */
  until?: Date;
}

interface Failures {
  /** Times of recent failures, oldest first; at most `threshold` kept. */
  times: number[];
  lockedUntil?: number;
}

/**
 * CJIS-style lockout: after `threshold` failed authentications within the window, a key (a subject,
 * or a client address) is refused for the lockout period, even with a valid token. A success clears
 * the key's failures (lockouts count consecutive failures).
 *
 * State is kept in this process: replicas count separately, so an attacker spreading requests over
 * N replicas gets N × threshold attempts. Entries expire with the window, so memory stays bounded by
 * the keys seen in the last window.
 */
export class FailedAuthenticationLimiter {
  private readonly failures = new Map<string, Failures>();
  /** Expired entries are swept when the map grows past this, so a failure costs O(1) amortised. */
  private sweepAt = 1024;

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** The longest running lockout among the keys, if any. */
  check(keys: readonly string[]): LockoutState {
    const now = this.now();
    let until: number | undefined;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (entry?.lockedUntil !== undefined && entry.lockedUntil > now) until = Math.max(until ?? 0, entry.lockedUntil);
    }
    return until === undefined ? { locked: false } : { locked: true, until: new Date(until) };
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    if (this.failures.size >= this.sweepAt) {
      this.forgetExpired(now);
      this.sweepAt = Math.max(1024, this.failures.size * 2);
    }
    for (const key of keys) {
      const entry = this.failures.get(key) ?? { times: [] };
      entry.times = [...entry.times.filter((time) => time > now - this.policy.windowMs), now].slice(
        -this.policy.threshold,
      );
      if (entry.times.length >= this.policy.threshold) {
        entry.lockedUntil = now + this.policy.windowMs;
        entry.times = [];
      }
      this.failures.set(key, entry);
    }
  }

  recordSuccess(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const entry = this.failures.get(key);
      // A running lockout stands until it ends; only the count of failures is cleared.
      if (entry?.lockedUntil !== undefined && entry.lockedUntil > now) entry.times = [];
      else this.failures.delete(key);
    }
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.failures) {
      const lastFailure = entry.times[entry.times.length - 1] ?? 0;
      const lockEnded = entry.lockedUntil === undefined || entry.lockedUntil <= now;
      if (lockEnded && lastFailure <= now - this.policy.windowMs) this.failures.delete(key);
    }
  }
}

export function subjectKey(subject: string): string {
  return `subject:${subject}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}
