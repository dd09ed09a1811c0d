import type { EventData } from '../event-envelope.js';
import { statementOf, type Checkpoint, type CheckpointStatement } from './checkpoint.js';

/** The stream prefix of the checkpoint records: one stream per store. */
export const CHECKPOINT_STREAM_PREFIX = 'auditcheckpoint-';

/** The stream a store's checkpoints are recorded in (their statements; the heads, which name streams, stay in files). */
export const checkpointStream = (storeId: string): string => `${CHECKPOINT_STREAM_PREFIX}${storeId}`;

export const CHECKPOINT_SIGNED = 'CheckpointSigned';

/** A checkpoint without its heads: what the store records and the bus carries; verifiable on its own. */
export interface SignedCheckpointStatement extends CheckpointStatement {
  signature: string;
}

/**
 * A checkpoint as an auditor keeps it: the file with its heads (which locate a change), or the statement alone (from
 * the bus or the log), which detects a change up to its position without saying where.
 */
export type KeptCheckpoint = Checkpoint | SignedCheckpointStatement;

export function hasHeads(checkpoint: KeptCheckpoint): checkpoint is Checkpoint {
  return Array.isArray((checkpoint as Partial<Checkpoint>).heads);
}

/** The signed statement of a checkpoint, exactly the signed fields and the signature. */
export function signedStatementOf(checkpoint: SignedCheckpointStatement): SignedCheckpointStatement {
  return { ...statementOf(checkpoint), signature: checkpoint.signature };
}

/**
 * The event recording a checkpoint in its store's stream. Its id is the checkpoint's, so a retried append stores it
 * once and the bus message (`ce_id`) repeats it.
 */
export function checkpointRecord(checkpoint: Checkpoint): EventData {
  return {
    eventId: checkpoint.id,
    type: CHECKPOINT_SIGNED,
    schemaVersion: 1,
    data: { ...signedStatementOf(checkpoint) },
    metadata: { correlationId: checkpoint.id, jurisdiction: null },
  };
}
