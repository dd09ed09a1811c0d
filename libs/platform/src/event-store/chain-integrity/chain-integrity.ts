import { describeFinding, type Finding, type FindingKind, type StreamIntegrityGuard } from '@lead/event-store';
import type { Logger } from 'pino';
import type { Degradation } from '../../health/readiness-checks.js';
import type { Stoppable } from '../../lifecycle/shutdown-registry.js';
import type { ChainFindingsTable, StoredFinding } from './chain-findings-table.js';

export interface ChainIntegrityOptions {
  /** How often the open findings are read again (every replica reads them). */
  refreshMs: number;
  /** `<service>`: who recorded what a read found. */
  serviceName: string;
  /**
   * Stream-id prefixes whose names are personal (the blind index erasure purges): a finding on such a stream is
   * recorded and logged with the name redacted, so no table or log keeps it (docs/access.md, erasure).
   */
  personalStreamPrefixes: readonly string[];
  logger: Logger;
}

/**
 * What this replica knows of the store's open chain findings, read from the shared table every `refreshMs`: it
 * holds the streams they name (the store refuses to read or write them, `withChainCheck`), says `degraded` on
 * `/ready` while any is open, and records what its own stream reads find (held at once here, on other replicas from
 * their next refresh). A finding that names no stream (a truncated `$all`, a refused checkpoint) holds nothing but
 * degrades just the same.
 */
export class ChainIntegrity implements StreamIntegrityGuard, Stoppable {
  private openByStream = new Map<string, FindingKind[]>();
  private openNow: StoredFinding[] = [];
  private readonly reportedHere = new Map<string, FindingKind[]>();
  /** What this replica's own last full pass found: held whatever the table says (a writer may empty or block it). */
  private passHeld = new Map<string, FindingKind[]>();
  private passFindings = 0;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private pendingRecords = new Set<Promise<unknown>>();
  private refreshFailing = false;
  private stopped = false;

  constructor(
    /** The shared findings table (the verifier records and resolves through it too). */
    readonly table: ChainFindingsTable,
    private readonly options: ChainIntegrityOptions,
  ) {}

  /** Reads the open findings now, then every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.refreshing;
    await Promise.allSettled([...this.pendingRecords]);
  }

  /** The guard's question (`StreamIntegrityGuard`): asked on every stream read and append, so a map lookup. */
  openFindings(streamId: string): readonly FindingKind[] {
    return this.openByStream.get(streamId) ?? this.reportedHere.get(streamId) ?? this.passHeld.get(streamId) ?? [];
  }

  /**
   * The findings of this replica's full pass, held in process until its next pass: the table is where replicas
   * learn of findings, not what holds them on the replica that found them.
   */
  holdFromPass(findings: readonly Finding[]): void {
    const held = new Map<string, FindingKind[]>();
    for (const finding of findings)
      if (finding.streamId)
        held.set(finding.streamId, [...new Set([...(held.get(finding.streamId) ?? []), finding.kind])]);
    this.passHeld = held;
    this.passFindings = findings.length;
  }

  reportBroken(streamId: string, findings: readonly Finding[]): void {
    this.reportedHere.set(streamId, [...new Set(findings.map((finding) => finding.kind))]);
    const redacted = this.redacted(findings);
    this.options.logger.error(
      { findings: redacted.map(describeFinding) },
      `stream ${redacted[0]?.streamId ?? '?'} failed its integrity check on a read: it is neither read nor written until an audit finds it whole`,
    );
    void this.record(findings, `${this.options.serviceName}:read`);
  }

  /** Findings as they may be kept and logged: a personal stream name (a blind index) replaced by its prefix. */
  redacted(findings: readonly Finding[]): Finding[] {
    return findings.map((finding) => {
      if (!finding.streamId) return finding;
      const redacted = this.redactedId(finding.streamId);
      if (redacted === finding.streamId) return finding;
      return { ...finding, streamId: redacted, detail: finding.detail.replaceAll(finding.streamId, redacted) };
    });
  }

  private redactedId(streamId: string): string {
    const prefix = this.options.personalStreamPrefixes.find((p) => streamId.startsWith(p));
    return prefix ? `${prefix}(redacted)` : streamId;
  }

  /**
   * Records findings of this service's checks (the verifier's), redacted; the keys of those new, or null when they
   * could not be recorded. Never rejects.
   */
  record(findings: readonly Finding[], foundBy: string): Promise<string[] | null> {
    const recording = this.table.record(this.redacted(findings), foundBy).then(
      async (fresh) => {
        await this.refresh();
        return fresh;
      },
      (error: unknown) => {
        this.options.logger.error({ err: error }, 'could not record chain findings; they are held on this replica');
        return null;
      },
    );
    this.pendingRecords.add(recording);
    void recording.finally(() => this.pendingRecords.delete(recording));
    return recording;
  }

  /** Open findings at the last refresh (with what this replica found since). */
  get open(): readonly StoredFinding[] {
    return this.openNow;
  }

  degradations(): Degradation[] {
    const findings = this.openNow;
    const streamsHeldHere = [...this.reportedHere.keys(), ...this.passHeld.keys()].filter(
      (streamId) => !this.openByStream.has(streamId),
    );
    if (findings.length === 0 && streamsHeldHere.length === 0 && this.passFindings === 0) return [];
    const streams = new Set([...findings.flatMap((f) => (f.streamId ? [f.streamId] : [])), ...streamsHeldHere]);
    const kinds = [...new Set(findings.map((f) => f.kind))];
    const first = findings[0];
    const since = first ? Math.max(0, Math.floor((Date.now() - first.firstFoundAt.getTime()) / 1000)) : 0;
    return [
      {
        worker: 'event-store:chain',
        seconds: since,
        // Kinds and counts only: /ready is for orchestrators and is not authenticated; which streams is in the log
        // and in the findings table, for operators and auditors.
        reason:
          `${Math.max(findings.length, this.passFindings, streamsHeldHere.length)} open chain finding(s) (${kinds.join(', ') || 'found by a read'}) ` +
          `on ${streams.size} stream(s): those streams are neither read nor written until an audit finds them whole ` +
          '(docs/audit.md)',
        detail: { findings: findings.length, streams: streams.size, kinds: kinds.join(',') || null },
      },
    ];
  }

  /** Reads the open findings (joins a read in flight); never rejects. */
  refresh(): Promise<void> {
    this.refreshing ??= this.table
      .open()
      .then(
        (open) => {
          const byStream = new Map<string, FindingKind[]>();
          for (const finding of open)
            if (finding.streamId)
              byStream.set(finding.streamId, [...new Set([...(byStream.get(finding.streamId) ?? []), finding.kind])]);
          this.openNow = open;
          this.openByStream = byStream;
          // What this replica's reads found is in the table once recorded; from then on the table decides. A personal
          // stream's finding is recorded redacted, so the table cannot hold it by name: its next read is checked
          // again instead (and refused again while its events do not verify).
          for (const streamId of this.reportedHere.keys())
            if (byStream.has(streamId) || byStream.has(this.redactedId(streamId))) this.reportedHere.delete(streamId);
          if (this.refreshFailing) this.options.logger.info('chain findings readable again');
          this.refreshFailing = false;
        },
        (error: unknown) => {
          if (!this.refreshFailing && !this.stopped)
            this.options.logger.warn({ err: error }, 'could not read the open chain findings; keeping the last ones');
          this.refreshFailing = true;
        },
      )
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
