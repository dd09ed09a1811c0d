import { createPublicKey } from 'node:crypto';
import {
  checkCheckpoint,
  checkpointRecord,
  checkpointStream,
  CheckpointRefused,
  departuresFromNewestCheckpoint,
  describeFinding,
  hasHeads,
  readCheckpointDirectory,
  StreamNotFound,
  readKeyRingDirectory,
  takeCheckpoint,
  writeCheckpointFile,
  type Checkpoint,
  type CheckpointSigner,
  type EventStore,
  type Finding,
  type KeptCheckpoint,
} from '@lead/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LeasedWorker } from '../../lifecycle/leased-worker.js';
import { sleep } from '../../lifecycle/retry-policy.js';
import type { ChainIntegrity } from './chain-integrity.js';

export interface CheckpointScheduleOptions {
  /** One signer per store among every replica of every service on it. */
  name: string;
  store: EventStore;
  database: pg.PoolConfig;
  signer: CheckpointSigner;
  storeId: string;
  /** Where the files go: a directory the database's writers cannot write (another volume or host). */
  directory: string;
  everyMs: number;
  excludedPrefixes: readonly string[];
  /** The auditor's public keys: a new checkpoint is signed only if the store still extends the newest trusted one. */
  keysDirectory: string;
  /** Open findings: none may be open when a checkpoint is signed (it would anchor what they found). */
  integrity: Pick<ChainIntegrity, 'open'>;
  logger: Logger;
  onCheckpoint?: (checkpoint: Checkpoint, file: string) => void;
}

/**
 * Takes a signed checkpoint of the store every `everyMs` (and at the start of each lease), with a key the
 * deployment's auditor issued to this signer and which never enters the database: writes it to `directory`, and
 * records its signed statement (`CheckpointSigned`, heads left out: they name streams) in the store itself, so
 * the log shows when each checkpoint was taken and `$all` readers (integrators, the bus) see it. A store with a
 * chain break is not signed: that is logged, and the chain verifier holds the streams.
 */
export class CheckpointSchedule {
  private worker: LeasedWorker | undefined;

  constructor(private readonly options: CheckpointScheduleOptions) {}

  start(): this {
    this.worker ??= new LeasedWorker({
      name: this.options.name,
      database: this.options.database,
      cycle: (_lease, signal) => this.cycle(signal),
      onFailure: (error, failures) =>
        this.options.logger.warn({ err: error, failures }, 'taking a checkpoint failed; retrying after a backoff'),
    }).start();
    return this;
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
  }

  /**
   * Takes one checkpoint now: files it and records it. Returns undefined, signing nothing, when the store is broken,
   * when a finding is open, or when the store no longer extends the newest checkpoint the auditor's keys trust: a
   * writer who rewrote history and recomputed the chain must not get the rewrite signed as the new anchor.
   */
  async takeNow(): Promise<Checkpoint | undefined> {
    const { store, signer, storeId, directory, excludedPrefixes } = this.options;
    // A refused checkpoint file (a stranger's key, another store) is the auditor's to clear; it anchors nothing.
    if (this.options.integrity.open.some((finding) => finding.kind !== 'checkpoint-refused')) {
      this.options.logger.error(
        { openFindings: this.options.integrity.open.length },
        'not signing a checkpoint while chain findings are open',
      );
      return undefined;
    }
    const departures = await this.departuresFromNewestTrusted();
    if (departures.length > 0) {
      this.options.logger.error(
        { findings: departures.slice(0, 10).map(describeFinding) },
        'not signing a checkpoint: the store no longer extends the newest trusted checkpoint',
      );
      return undefined;
    }
    let checkpoint: Checkpoint;
    try {
      checkpoint = await takeCheckpoint(store, { storeId, signer, excludedPrefixes });
    } catch (error) {
      if (!(error instanceof CheckpointRefused)) throw error;
      this.options.logger.error(
        { findings: error.findings.slice(0, 10).map(describeFinding) },
        'not signing a checkpoint of a store with chain breaks',
      );
      return undefined;
    }
    const file = await writeCheckpointFile(directory, checkpoint);
    // Recorded in the store, the relay publishes it on lead.audit.v1 (libs/messaging `auditCheckpointPublication`, relayed by `MessagingRuntime`).
    await store.appendToStream(checkpointStream(storeId), [checkpointRecord(checkpoint)], 'any');
    this.options.logger.info(
      { checkpointId: checkpoint.id, file, eventCount: checkpoint.eventCount, keyId: checkpoint.keyId },
      'signed a checkpoint of the event store',
    );
    this.options.onCheckpoint?.(checkpoint, file);
    return checkpoint;
  }

  private async departuresFromNewestTrusted(): Promise<Finding[]> {
    const keyRing = await readKeyRingDirectory(this.options.keysDirectory);
    return departuresFromNewestCheckpoint(this.options.store, this.options.directory, keyRing, this.options.storeId);
  }

  /**
   * Records the newest checkpoint this signer filed, if its record is missing: a crash between filing a checkpoint
   * and recording it leaves the file without its record, and the bus without its copy. Each lease starts with it; a
   * recorded checkpoint is not recorded twice (the record's id is the checkpoint's).
   */
  async recordNewestFiled(): Promise<void> {
    const { store, signer, storeId, directory } = this.options;
    let checkpoints: KeptCheckpoint[];
    try {
      ({ checkpoints } = await readCheckpointDirectory(directory, { select: (names) => names.slice(-1) }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing filed yet
      throw error;
    }
    const newest = checkpoints.at(-1);
    if (!newest || !hasHeads(newest) || newest.storeId !== storeId || newest.keyId !== signer.keyId) return;
    // Only what this signer's key signed: a file placed in the directory by anyone else is not recorded as its own.
    if (!checkCheckpoint(newest, new Map([[signer.keyId, createPublicKey(signer.privateKey)]])).ok) return;
    const recorded = await store
      .readStream(checkpointStream(storeId))
      .then((events) => events.some((event) => event.eventId === newest.id))
      .catch((error: unknown) => {
        if (error instanceof StreamNotFound) return false;
        throw error;
      });
    if (recorded) return;
    await store.appendToStream(checkpointStream(storeId), [checkpointRecord(newest)], 'any');
    this.options.logger.warn({ checkpointId: newest.id }, 'recorded a checkpoint filed before a crash');
  }

  private async cycle(signal: AbortSignal): Promise<void> {
    await this.recordNewestFiled();
    while (!signal.aborted) {
      await this.takeNow();
      await sleep(this.options.everyMs, signal);
    }
  }
}
