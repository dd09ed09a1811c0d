/** Anything that must finish its current work before the process exits, e.g. a subscription. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Where long-running workers (subscriptions, relays, consumers) enrol when they start, so that
 * shutdown stops them after their current event and before their database pool is closed.
 * Resources those workers write through (e.g. a read model's TypeORM data source) enrol with
 * `registerResource`: they are closed after every worker stopped, never under a running one.
 */
export class ShutdownRegistry {
  private readonly stoppables = new Set<Stoppable>();
  private readonly resources = new Set<Stoppable>();

  register<T extends Stoppable>(stoppable: T): T {
    this.stoppables.add(stoppable);
    return stoppable;
  }

  unregister(stoppable: Stoppable): void {
    this.stoppables.delete(stoppable);
  }

  /** A resource workers use (closed by `closeResources`, which shutdown runs after `stopAll`). */
  registerResource<T extends Stoppable>(resource: T): T {
    this.resources.add(resource);
    return resource;
  }

  /** Stops all at once (they are independent) and reports every failure, not just the first. */
  async stopAll(): Promise<void> {
    await settleAll(this.stoppables, 'worker(s) failed to stop');
  }

  /** Closes the registered resources; call it once the workers have stopped. */
  async closeResources(): Promise<void> {
    await settleAll(this.resources, 'resource(s) failed to close');
  }
}

async function settleAll(set: Set<Stoppable>, failureMessage: string): Promise<void> {
  const stopping = [...set];
  set.clear();
  const results = await Promise.allSettled(stopping.map((stoppable) => stoppable.stop()));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0)
    throw new AggregateError(
      failures.map((failure) => failure.reason),
      `${failures.length} ${failureMessage}`,
    );
}
