/** Anything that must finish its current work before the process exits, e.g. a subscription. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Where long-running workers (subscriptions, relays, consumers) enrol when they start, so that
 * shutdown stops them after their current event and before their database pool is closed.
 */
export class ShutdownRegistry {
  private readonly stoppables = new Set<Stoppable>();

  register<T extends Stoppable>(stoppable: T): T {
    this.stoppables.add(stoppable);
    return stoppable;
  }

  unregister(stoppable: Stoppable): void {
    this.stoppables.delete(stoppable);
  }

  /** Stops all at once (they are independent) and reports every failure, not just the first. */
  async stopAll(): Promise<void> {
    const stopping = [...this.stoppables];
    this.stoppables.clear();
    const results = await Promise.allSettled(stopping.map((stoppable) => stoppable.stop()));
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length > 0)
      throw new AggregateError(
        failures.map((failure) => failure.reason),
        `${failures.length} worker(s) failed to stop`,
      );
  }
}
