/**
 * How consumers and the relay wait between attempts: exponential backoff with jitter, so that replicas that failed
 * together (the database went away) do not all come back in the same millisecond.
 */
export interface RetryPolicy {
  /** Attempts a message gets for non-transient failures before it is dead-lettered. Default 5. */
  maxAttempts: number;
  /** Wait after the first failure. Default 100 ms. */
  initialDelayMs: number;
  /** Longest wait between two attempts. Default 30 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 30_000 };

/**
 * The wait before attempt `failures + 1`: initial · 2^(failures − 1), capped, then "equal jitter" (a random point
 * in the upper half), which keeps the growth and spreads the retries.
 */
export function backoffDelay(
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or at once when `signal` aborts (callers check the signal afterwards). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
