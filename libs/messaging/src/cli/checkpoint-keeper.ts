import { auditCheckpointSignedV1, auditEventProblems } from '@lead/contracts';
import {
  checkpointIdOfFileName,
  checkSignedStatement,
  writeCheckpointFile,
  type KeyRing,
  type SignedCheckpointStatement,
} from '@lead/event-store';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import { decodeAuditEvent } from '../wire/audit-event-codec.js';
import type { WireMessage } from '../wire/wire-message.js';

export interface KeepCheckpointsOptions {
  kafka: Pick<KafkaClient, 'readTopic'>;
  topic: string;
  /** The keeper's directory: one `<createdAt>_<id>.json` per statement, never replaced. */
  directory: string;
  keyRing: KeyRing;
  /** Keep only this store's checkpoints (others are refused). Default: any store's. */
  storeId?: string;
}

export interface KeptReport {
  /** Statements written now, by file. */
  kept: { file: string; id: string }[];
  /** Already in the directory (a rerun, a redelivery). */
  alreadyKept: number;
  /**
   * Messages that are no trustworthy checkpoint: each is worth an alert (someone wrote to the topic). `known`: refused
   * by an earlier run already (the ledger `.refused.ndjson` in the directory), so a rerun does not raise it again.
   */
  refused: { origin: string; reason: string; known: boolean }[];
  /** `createdAt` of the newest trustworthy checkpoint on the topic, by store; a store not there has none. */
  newest: Map<string, string>;
}

/** The refusals of earlier runs, by message origin, in the keeper's directory (a dot file: never read as a statement). */
const REFUSED_LEDGER = '.refused.ndjson';

/**
 * What an auditor runs (by hand or on a schedule) to keep the store's checkpoints off the services' database: every
 * message of lead.audit.v1 is read from the start of the topic, checked (the contract, the signature with the
 * auditor's own public keys, the store), and each statement not yet kept is written to `directory`, atomically and
 * never over an existing file. Nothing is committed to the broker: the directory is the keeper's state, so a rerun
 * keeps exactly what is missing, and the topic keeps its messages for every other keeper.
 */
export async function keepCheckpoints(options: KeepCheckpointsOptions): Promise<KeptReport> {
  const { kafka, topic, directory, keyRing, storeId } = options;
  const kept = new Set(await keptIds(directory));
  const known = await knownRefusals(directory);
  const report: KeptReport = { kept: [], alreadyKept: 0, refused: [], newest: new Map() };
  for (const record of await kafka.readTopic(topic)) {
    // Where and what the message is: the same offset of a recreated topic, with another message, is a new refusal.
    const origin = `${topic}/${record.origin}/${messageDigest(record)}`;
    const refuse = (reason: string) => report.refused.push({ origin, reason, known: known.has(origin) });
    let event;
    try {
      event = decodeAuditEvent(record);
    } catch (error) {
      refuse((error as Error).message);
      continue;
    }
    if (event.type !== auditCheckpointSignedV1.type) continue; // a later audit event type, not a checkpoint
    const problems = auditEventProblems(event);
    if (problems.length > 0) {
      refuse(
        `not a ${event.type} v${event.schemaVersion}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      );
      continue;
    }
    const statement = event.data as unknown as SignedCheckpointStatement;
    const check = checkSignedStatement(statement, keyRing);
    if (!check.ok) refuse(`checkpoint ${statement.id}: ${check.reason}`);
    else if (storeId !== undefined && statement.storeId !== storeId)
      refuse(`checkpoint ${statement.id} is of store ${statement.storeId}, not ${storeId}`);
    else if (statement.id !== event.id) refuse(`checkpoint ${statement.id} travels as message ${event.id}`);
    else {
      const newest = report.newest.get(statement.storeId);
      if (newest === undefined || statement.createdAt > newest)
        report.newest.set(statement.storeId, statement.createdAt);
      if (kept.has(statement.id)) report.alreadyKept++;
      else {
        kept.add(statement.id);
        const file = await keptFile(directory, statement);
        if (file) report.kept.push({ file, id: statement.id });
        else report.alreadyKept++;
      }
    }
  }
  const fresh = report.refused.filter((refusal) => !refusal.known);
  if (fresh.length > 0) {
    await mkdir(directory, { recursive: true });
    await appendFile(
      path.join(directory, REFUSED_LEDGER),
      fresh.map(({ origin, reason }) => `${JSON.stringify({ origin, reason })}\n`).join(''),
    );
  }
  return report;
}

/** Writes the statement; undefined when a keeper running at the same time wrote it first (the link found it). */
async function keptFile(directory: string, statement: SignedCheckpointStatement): Promise<string | undefined> {
  try {
    return await writeCheckpointFile(directory, statement);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
}

async function knownRefusals(directory: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path.join(directory, REFUSED_LEDGER), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  const origins = new Set<string>();
  for (const line of text.split('\n').filter(Boolean)) {
    try {
      origins.add((JSON.parse(line) as { origin: string }).origin);
    } catch {
      // A line torn by a crash during the append: that refusal is raised again, never swallowed.
    }
  }
  return origins;
}

/** sha256 of a message's key, headers (sorted) and value. */
function messageDigest(message: WireMessage): string {
  const hash = createHash('sha256')
    .update(message.key ?? '')
    .update('\0');
  for (const [name, value] of Object.entries(message.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    hash.update(`${name}=${value}\0`);
  return hash.update(message.value).digest('hex').slice(0, 32);
}

async function keptIds(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((n) => n.endsWith('.json')).map(checkpointIdOfFileName);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // the first kept statement creates it
    throw error;
  }
}
