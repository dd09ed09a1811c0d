import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown> & { level: string; msg?: string };

/** A pino destination that keeps the parsed JSON lines, so tests can assert on what was logged. */
export class LogCapture extends Writable {
  readonly lines: LogLine[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const line of chunk.toString().split('\n'))
      if (line.trim() !== '') this.lines.push(JSON.parse(line) as LogLine);
    done();
  }

  /** Pino's sync destinations expose this; Nest's logger flush calls it through pino. */
  flushSync(): void {}
}
