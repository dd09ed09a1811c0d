import { createPublicKey } from 'node:crypto';
import { loadCheckpointSigner, type KeyRing } from '../audit/checkpoint-signing.js';
import { KeyRingUnreadable, readKeyRingDirectory } from '../audit/key-ring-directory.js';
import { readCheckpointDirectory, writeCheckpointFile } from '../audit/checkpoint-files.js';
import { departuresFromNewestCheckpoint } from '../audit/checkpoint-continuity.js';
import { findAllBreaks } from '../audit/find-all-breaks.js';
import type { Finding } from '../audit/findings.js';
import type { StreamIndex } from '../audit/stream-index.js';
import { CheckpointRefused, takeCheckpoint } from '../audit/take-checkpoint.js';
import { verifyAgainstCheckpoints } from '../audit/verify-against-checkpoints.js';
import type { EventStore } from '../event-store.port.js';
import { AuditSetupError, openAuditedStore, type AuditedStore } from './audited-store.js';
import { AUDIT_CLI_USAGE, parseAuditArgs, UsageError, type AuditCommand } from './audit-cli-args.js';
import { formatFinding, Progress } from './audit-cli-output.js';

export interface AuditCliIo {
  /** A line on stdout. */
  out(line: string): void;
  /** A line on stderr. */
  err(line: string): void;
  /** Raw text on stderr (progress). */
  progress(text: string): void;
  /** Whether stderr is a terminal: a redrawn progress line, else periodic lines. */
  tty: boolean;
  progressIntervalMs?: number;
  /** The usage printed for --help and after a usage error (a front end's, listing its commands too). */
  usage?: string;
}

/** The `lead-audit` command; returns the exit code (0 clean, 1 findings or refused checkpoint, 2 otherwise). */
export async function runAuditCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: AuditCliIo,
): Promise<number> {
  let command: AuditCommand;
  try {
    command = parseAuditArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`lead-audit: ${error.message}\n\n${io.usage ?? AUDIT_CLI_USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    io.out(io.usage ?? AUDIT_CLI_USAGE);
    return 0;
  }
  const progress = new Progress({ write: io.progress, tty: io.tty, intervalMs: io.progressIntervalMs });
  let opened: AuditedStore | undefined;
  try {
    opened = await openAuditedStore(command.store);
    const counted = countingReads(opened.store, (n) => progress.add(n));
    if (command.command === 'verify') return await verify(command, counted, opened.streamIndex, progress, io);
    return await checkpoint(command, counted, progress, io);
  } catch (error) {
    progress.finish();
    io.err(`lead-audit: ${(error as Error).message}`);
    return 2;
  } finally {
    await opened?.close();
  }
}

async function verify(
  command: Extract<AuditCommand, { command: 'verify' }>,
  counted: EventStore,
  streamIndex: StreamIndex | undefined,
  progress: Progress,
  io: AuditCliIo,
): Promise<number> {
  // Read before the walk: a missing directory or key is a setup error, found before minutes of reading.
  const loaded =
    command.checkpoints && (await loadCheckpoints(command.checkpoints.directory, command.checkpoints.keys));
  if (loaded && command.since !== undefined) {
    const from = loaded.checkpoints.findIndex((cp) => cp.id === command.since);
    if (from < 0)
      throw new AuditSetupError(
        `--since ${command.since}: no checkpoint with that id in --checkpoints ${command.checkpoints!.directory}`,
      );
    loaded.skipped = from;
    loaded.checkpoints = loaded.checkpoints.slice(from);
  }
  let findings = 0;
  const report = (finding: Finding) => {
    findings++;
    io.out(formatFinding(finding, command.json));
  };
  progress.start('chains');
  const breaks = await findAllBreaks(counted, { streamIndex });
  progress.finish();
  breaks.findings.forEach(report);
  let summary = `${breaks.eventsChecked} events in ${breaks.streamsChecked} streams`;
  if (loaded) {
    for (const file of loaded.unreadable)
      report({ kind: 'checkpoint-refused', detail: `unreadable checkpoint file ${file.file}: ${file.error}` });
    let refused = 0;
    for (const cp of loaded.checkpoints) {
      progress.start(`checkpoint ${String(cp.id)}`);
      const result = await verifyAgainstCheckpoints(counted, [cp], loaded.keyRing, { storeId: command.storeId });
      progress.finish();
      refused += result.checkpointsRefused;
      result.findings.forEach(report);
    }
    summary += `; ${loaded.checkpoints.length} checkpoint(s), ${refused} refused, ${loaded.unreadable.length} unreadable`;
    if (command.since !== undefined) summary += `, ${loaded.skipped} before ${command.since} not measured against`;
  }
  io.err(`lead-audit: ${summary}; ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

async function checkpoint(
  command: Extract<AuditCommand, { command: 'checkpoint' }>,
  counted: EventStore,
  progress: Progress,
  io: AuditCliIo,
): Promise<number> {
  let signer;
  try {
    signer = loadCheckpointSigner({ path: command.keyFile }, command.keyId);
  } catch (error) {
    throw new AuditSetupError(`cannot use --key ${command.keyFile}: ${(error as Error).message}`);
  }
  // The signer's own newest checkpoint in --out must still hold: a rewrite since then is not signed as the anchor.
  progress.start('continuity');
  const departures = await departuresFromNewestCheckpoint(
    counted,
    command.out,
    new Map([[signer.keyId, createPublicKey(signer.privateKey)]]),
    command.storeId,
  );
  progress.finish();
  if (departures.length > 0) {
    for (const finding of departures) io.out(formatFinding(finding, command.json));
    io.err(
      `lead-audit: checkpoint refused: the store no longer extends the newest checkpoint in ${command.out} (${departures.length} finding(s))`,
    );
    return 1;
  }
  progress.start('checkpoint');
  try {
    const taken = await takeCheckpoint(counted, {
      storeId: command.storeId,
      signer,
      excludedPrefixes: command.excludedPrefixes,
    });
    progress.finish();
    const file = await writeCheckpointFile(command.out, taken);
    if (command.json) io.out(JSON.stringify({ file, id: taken.id, keyId: taken.keyId, eventCount: taken.eventCount }));
    else io.out(`${file}\t${taken.id}`);
    io.err(
      `lead-audit: checkpoint ${taken.id} of store ${taken.storeId}: ${taken.eventCount} events in ${taken.streamCount} streams, up to ${taken.lastGlobalPosition ?? 'nothing'}, signed by ${taken.keyId}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CheckpointRefused)) throw error;
    progress.finish();
    for (const finding of error.findings) io.out(formatFinding(finding, command.json));
    io.err(`lead-audit: checkpoint refused: the store has ${error.findings.length} chain break(s)`);
    return 1;
  }
}

/** The store with its `$all` reads counted (for progress); every other member is the store's own. */
export function countingReads(store: EventStore, onEvents: (count: number) => void): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll')
        return async (...args: Parameters<EventStore['readAll']>) => {
          const page = await target.readAll(...args);
          onEvents(page.length);
          return page;
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The checkpoint files of `directory` and the key ring of `keysDirectory`: every `*.pem` in it, each under its
 * computed key id (`ed25519:<16 hex>`) and under its file name without `.pem` (for checkpoints signed with a
 * custom `--key-id`).
 */
async function loadCheckpoints(directory: string, keysDirectory: string) {
  let files;
  try {
    files = await readCheckpointDirectory(directory);
  } catch (error) {
    throw new AuditSetupError(`cannot read --checkpoints ${directory}: ${(error as Error).message}`);
  }
  const keyRing = await loadKeyRing(keysDirectory);
  return { ...files, keyRing, skipped: 0 };
}

async function loadKeyRing(directory: string): Promise<KeyRing> {
  try {
    return await readKeyRingDirectory(directory);
  } catch (error) {
    if (error instanceof KeyRingUnreadable) throw new AuditSetupError(`--keys: ${error.message}`);
    throw error;
  }
}
