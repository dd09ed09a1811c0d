import type { Position, RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';
import type { Finding } from './findings.js';
import { LiveChainVerifier, type LiveChainVerifierOptions } from './live-chain-verifier.js';

export interface LiveChainFollowerOptions extends LiveChainVerifierOptions {
  /** How long to wait after catching up before reading `$all` again. */
  intervalMs: number;
  /** Events read at a time. Default 500. */
  pageSize?: number;
}

/**
 * Follows `$all` from its head and checks what is appended (`LiveChainVerifier`), reading a page every `intervalMs`
 * once caught up rather than on every append's wake-up: on a busy write path that is one read per interval instead
 * of one per append (the referrals service's transactions per referral doubled with a subscription), for a lag of
 * at most one interval more.
 */
export class LiveChainFollower {
  readonly verifier: LiveChainVerifier;

  constructor(
    private readonly store: Pick<EventStore, 'readAll' | 'headPosition' | 'readStream'>,
    private readonly options: LiveChainFollowerOptions,
  ) {
    this.verifier = new LiveChainVerifier(store, options);
  }

  /**
   * Checks every event appended after the head it finds at start, page by page, until `signal` aborts; `onPage`
   * gets each page with what was found in it. Rejects when the store fails (the caller retries).
   */
  async run(
    signal: AbortSignal,
    onPage: (page: readonly RecordedEvent[], findings: Finding[]) => Promise<void> | void,
    onStarted?: () => void,
  ): Promise<void> {
    const pageSize = this.options.pageSize ?? 500;
    let after: Position | 'start' = (await this.store.headPosition()) ?? 'start';
    onStarted?.();
    while (!signal.aborted) {
      const page = await this.store.readAll({ after, maxCount: pageSize });
      if (page.length > 0) {
        await onPage(page, await this.verifier.check(page));
        after = page[page.length - 1]!.position;
        if (page.length === pageSize) continue;
      }
      await pause(this.options.intervalMs, signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
