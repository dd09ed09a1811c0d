import { auditCheckpointSignedV1, auditEventProblems } from '@lead/contracts';
import {
  checkpointIdOfFileName,
  checkSignedStatement,
  writeCheckpointFile,
  type KeyRing,
  type SignedCheckpointStatement,
} from '@lead/event-store';
import { readdir } from 'node:fs/promises';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import { decodeAuditEvent } from '../wire/audit-event-codec.js';

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
  /** Messages that are no trustworthy checkpoint: each is worth an alert (someone wrote to the topic). */
  refused: { origin: string; reason: string }[];
}

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
  const report: KeptReport = { kept: [], alreadyKept: 0, refused: [] };
  for (const record of await kafka.readTopic(topic)) {
    const refuse = (reason: string) => report.refused.push({ origin: record.origin, reason });
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
    else if (kept.has(statement.id)) report.alreadyKept++;
    else {
      kept.add(statement.id);
      report.kept.push({ file: await writeCheckpointFile(directory, statement), id: statement.id });
    }
  }
  return report;
}

async function keptIds(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((n) => n.endsWith('.json')).map(checkpointIdOfFileName);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // the first kept statement creates it
    throw error;
  }
}
