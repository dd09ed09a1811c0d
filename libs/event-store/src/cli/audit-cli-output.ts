import type { Finding } from '../audit/findings.js';

/**
 * One finding, one line: tab-separated kind, stream, revision (or `from..to`), event id, position, checkpoint id and
 * detail, `-` where unknown; or, with `json`, the finding as one JSON object (NDJSON).
 */
export function formatFinding(finding: Finding, json = false): string {
  if (json) return JSON.stringify(finding);
  const revision =
    finding.revision === undefined
      ? undefined
      : finding.toRevision !== undefined && finding.toRevision !== finding.revision
        ? `${finding.revision}..${finding.toRevision}`
        : String(finding.revision);
  return [
    finding.kind,
    finding.streamId,
    revision,
    finding.eventId,
    finding.position,
    finding.checkpointId,
    finding.detail.replace(/[\t\r\n]+/g, ' '),
  ]
    .map((field) => (field === undefined || field === '' ? '-' : field))
    .join('\t');
}

/** `12,345 events in 3.2 s (3,858 events/s)`. */
export function formatRate(events: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const rate = Math.round(events / seconds);
  return `${events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} events/s)`;
}

export interface ProgressOptions {
  /** Raw writes to stderr. */
  write(text: string): void;
  /** On a terminal, one line redrawn in place; otherwise a line every `intervalMs`. */
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Progress of one audit phase on stderr: on a TTY a single line redrawn at most ten times a second (`\r`, erase to
 * the end of the line); elsewhere (a log, CI) a plain line every `intervalMs` (default 5 s), so logs are not flooded.
 */
export class Progress {
  private label = '';
  private events = 0;
  private startedAt = 0;
  private lastDrawn = 0;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? (options.tty ? 100 : 5000);
  }

  start(label: string): void {
    this.finish();
    this.label = label;
    this.events = 0;
    this.startedAt = this.lastDrawn = this.now();
  }

  add(events: number): void {
    this.events += events;
    const now = this.now();
    if (now - this.lastDrawn < this.intervalMs) return;
    this.lastDrawn = now;
    this.draw(now);
  }

  /** Ends the phase with its total (a TTY's line is completed, a log gets a final line). */
  finish(): void {
    if (!this.label) return;
    this.draw(this.now(), ' done');
    if (this.options.tty) this.options.write('\n');
    this.label = '';
  }

  private draw(now: number, suffix = ''): void {
    const line = `lead-audit: ${this.label}: ${formatRate(this.events, now - this.startedAt)}${suffix}`;
    if (this.options.tty) this.options.write(`\r${line}\x1b[K`);
    else this.options.write(`${line}\n`);
  }
}
