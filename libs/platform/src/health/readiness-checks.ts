/** Resolves when the dependency is usable; rejects (or times out) when it is not. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown>;

export interface RegisteredReadinessCheck {
  name: string;
  check: ReadinessCheck;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * What `/ready` asks before the service takes traffic. The platform registers the database;
 * later parts (the bus, the relay) register their own dependency where they are created,
 * so `/ready` never needs to know about them.
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, RegisteredReadinessCheck>();

  register(name: string, check: ReadinessCheck, options: { timeoutMs?: number } = {}): void {
    if (this.checks.has(name)) throw new Error(`A readiness check named "${name}" is already registered`);
    this.checks.set(name, { name, check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  all(): RegisteredReadinessCheck[] {
    return [...this.checks.values()];
  }
}
