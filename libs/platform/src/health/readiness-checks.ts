/** Resolves when the dependency is usable; rejects (or times out) when it is not. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown>;

export interface RegisteredReadinessCheck {
  name: string;
  check: ReadinessCheck;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

/** Something that works but is not keeping up, by name (`relay:referrals`), with why and for how long. */
export interface Degradation {
  worker: string;
  seconds: number;
  reason: string;
  /** What identifies the cause for an operator (e.g. the pid and database of a transaction), never data. */
  detail?: Readonly<Record<string, string | number | null>>;
}

/** Lists what is degraded right now; empty when all is well. Must be cheap and never throw. */
export type DegradationProbe = () => Degradation[];

/**
 * What `/ready` asks before the service takes traffic. The platform registers the database;
 * later parts (the bus, the relay) register their own dependency where they are created,
 * so `/ready` never needs to know about them.
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, RegisteredReadinessCheck>();
  private readonly degradations = new Map<string, DegradationProbe>();

  register(name: string, check: ReadinessCheck, options: { timeoutMs?: number } = {}): void {
    if (this.checks.has(name)) throw new Error(`A readiness check named "${name}" is already registered`);
    this.checks.set(name, { name, check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  all(): RegisteredReadinessCheck[] {
    return [...this.checks.values()];
  }

  /**
   * A part that can be degraded without the service being unready: a stuck relay or consumer still lets the
   * service take requests (taking every replica out of traffic would make it worse), but `/ready` must say so.
   */
  registerDegradation(name: string, probe: DegradationProbe): void {
    if (this.degradations.has(name)) throw new Error(`A degradation probe named "${name}" is already registered`);
    this.degradations.set(name, probe);
  }

  /** Everything degraded now, by probe name; empty when nothing is. */
  degraded(): Record<string, Degradation[]> {
    const found: Record<string, Degradation[]> = {};
    for (const [name, probe] of this.degradations) {
      let now: Degradation[];
      try {
        now = probe();
      } catch {
        now = [{ worker: name, seconds: 0, reason: 'its degradation probe failed' }];
      }
      if (now.length > 0) found[name] = now;
    }
    return found;
  }
}
