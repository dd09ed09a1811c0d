import {
  describeFinding,
  findAllBreaks,
  LiveChainFollower,
  checkpointIdOfFileName,
  readCheckpointDirectory,
  readKeyRingDirectory,
  verifyAgainstCheckpoints,
  type EventStore,
  type Finding,
  type StreamIndex,
} from '@lead/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LeasedWorker } from '../../lifecycle/leased-worker.js';
import { findingKey, type ChainFindingsTable } from './chain-findings-table.js';
import type { ChainIntegrity } from './chain-integrity.js';

/** Where the auditor's signed checkpoints and public keys are (both, or neither). */
export interface CheckpointSource {
  directory: string;
  keysDirectory: string;
  /** Checkpoints of another store are refused. */
  storeId?: string;
  /** The newest this many are measured on each full pass (the auditor's `lead-audit verify` measures all). */
  newest: number;
}

export interface ChainVerifierOptions {
  /** The lease's name: one verifier per store among every replica of every service on it. */
  name: string;
  store: EventStore;
  /** The adapter's head index (PostgreSQL), when there is one. */
  streamIndex?: StreamIndex;
  database: pg.PoolConfig;
  table: ChainFindingsTable;
  integrity: ChainIntegrity;
  /** A full pass (every chain, then the checkpoints) at the start of each lease and every this often; 0: only then. */
  fullPassEveryMs: number;
  /** How often the appended events are read and checked, once caught up. */
  liveIntervalMs: number;
  checkpoints?: CheckpointSource;
  logger: Logger;
  onEventsVerified?: (check: 'live' | 'full', count: number) => void;
  onFullPass?: (finishedAt: Date, findings: number) => void;
}

/**
 * The store's continuous verification, run by one replica at a time (a leased worker): it follows `$all` from its
 * head and checks each appended event as it comes (`LiveChainVerifier`), and walks every chain, then measures the
 * store against the auditor's newest signed checkpoints, when it takes the lease and every `fullPassEveryMs`. What
 * either finds goes to the shared findings table (`ChainIntegrity` holds those streams and degrades `/ready`); a full
 * pass resolves what it no longer finds.
 */
export class ChainVerifier {
  private worker: LeasedWorker | undefined;
  private fullPassRunning: Promise<void> | undefined;

  constructor(private readonly options: ChainVerifierOptions) {}

  start(): this {
    this.worker ??= new LeasedWorker({
      name: this.options.name,
      database: this.options.database,
      cycle: (_lease, signal) => this.cycle(signal),
      onFailure: (error, failures) =>
        this.options.logger.warn({ err: error, failures }, 'chain verification failed; it resumes after a backoff'),
    }).start();
    return this;
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    await this.fullPassRunning;
  }

  /** Runs a full pass now (joins one in flight): for tests and the auditor's route. */
  fullPass(): Promise<void> {
    this.fullPassRunning ??= this.runFullPass().finally(() => (this.fullPassRunning = undefined));
    return this.fullPassRunning;
  }

  private async cycle(signal: AbortSignal): Promise<void> {
    const live = new LiveChainFollower(this.options.store, { intervalMs: this.options.liveIntervalMs });
    const every = this.options.fullPassEveryMs;
    const timer = every > 0 ? setInterval(() => void this.fullPass().catch(() => undefined), every) : undefined;
    timer?.unref();
    let failed: unknown;
    try {
      const following = live
        .run(signal, async (page, findings) => {
          this.options.onEventsVerified?.('live', page.length);
          if (findings.length > 0) await this.report(findings, 'live');
        })
        .catch((error: unknown) => void (failed = error));
      // A failed pass is retried by the next one (the timer, or the next lease); the live check goes on meanwhile.
      await this.fullPass().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'a full chain pass failed; the next one retries it'),
      );
      await following;
    } finally {
      clearInterval(timer);
      await this.fullPassRunning?.catch(() => undefined);
    }
    if (failed !== undefined && !signal.aborted) throw failed;
  }

  private async runFullPass(): Promise<void> {
    const { store, table, checkpoints } = this.options;
    const startedAt = await table.now();
    // Checkpoints something was found against are measured again, however old: only that can release them. A table
    // that cannot be read does not stop the pass (blocking the table must silence nothing).
    const openAgainst = new Set(
      (
        await table.open().catch((error: unknown) => {
          this.options.logger.warn({ err: error }, 'could not read the open chain findings; the pass goes on');
          return [];
        })
      ).flatMap((f) => (f.checkpointId && f.kind !== 'checkpoint-refused' ? [f.checkpointId] : [])),
    );
    const breaks = await findAllBreaks(store, { streamIndex: this.options.streamIndex });
    this.options.onEventsVerified?.('full', breaks.eventsChecked);
    const findings: Finding[] = [...breaks.findings];
    const measured = checkpoints
      ? await this.againstCheckpoints(checkpoints, openAgainst)
      : { findings: [], checkpointIds: [], directoryRead: false };
    findings.push(...measured.findings);
    this.options.integrity.holdFromPass(findings);
    // Unrecorded, what this pass found again still looks old in the table: resolving would release it.
    if (findings.length > 0 && !(await this.report(findings, 'full'))) return;
    const resolved = await table.resolveNotFoundSince(startedAt, {
      checkpointIds: measured.checkpointIds,
      checkpointDirectoryRead: measured.directoryRead,
    });
    if (resolved > 0) this.options.logger.info({ resolved }, 'a full chain pass no longer finds earlier findings');
    await this.options.integrity.refresh();
    this.options.onFullPass?.(new Date(), findings.length);
  }

  private async againstCheckpoints(
    source: CheckpointSource,
    openAgainst: ReadonlySet<string>,
  ): Promise<{ findings: Finding[]; checkpointIds: string[]; directoryRead: boolean }> {
    // An unreadable directory or key ring is a finding, not a stop: the auditor must hear that nothing was measured.
    let directory;
    let keyRing;
    try {
      directory = await readCheckpointDirectory(source.directory, {
        select: (names) =>
          names.filter(
            (name, index) => index >= names.length - source.newest || openAgainst.has(checkpointIdOfFileName(name)),
          ),
      });
      keyRing = await readKeyRingDirectory(source.keysDirectory);
    } catch (error) {
      return {
        findings: [{ kind: 'checkpoint-refused', detail: `checkpoints not measured: ${(error as Error).message}` }],
        checkpointIds: [],
        directoryRead: false,
      };
    }
    const findings: Finding[] = directory.unreadable.map(({ file, error }) => ({
      kind: 'checkpoint-refused' as const,
      detail: `unreadable checkpoint file ${file}: ${error}`,
    }));
    const result = await verifyAgainstCheckpoints(this.options.store, directory.checkpoints, keyRing, {
      storeId: source.storeId,
    });
    return {
      findings: [...findings, ...result.findings],
      checkpointIds: directory.checkpoints.map((checkpoint) => String(checkpoint.id)),
      directoryRead: true,
    };
  }

  /** Records and logs what a check found; false when it could not be recorded. */
  private async report(findings: readonly Finding[], check: 'live' | 'full'): Promise<boolean> {
    const recorded = await this.options.integrity.record(findings, `verifier:${check}`);
    const fresh = new Set(recorded ?? []);
    const redacted = this.options.integrity.redacted(findings);
    const found = redacted.filter((finding) => fresh.has(findingKey(finding)));
    if (found.length > 0)
      this.options.logger.error(
        { findings: found.map(describeFinding), check },
        `chain verification found ${found.length} new break(s) in the event store`,
      );
    // From what the check itself found, not from the table's answer: a writer who blocks the table silences nothing.
    if (check === 'full')
      this.options.logger.error(
        { findings: redacted.slice(0, 20).map(describeFinding), total: findings.length },
        `the full chain pass found ${findings.length} break(s) in the event store`,
      );
    return recorded !== null;
  }
}
