import { randomUUID } from 'node:crypto';
import type { EventStore } from '../event-store.port.js';
import { ChainWalker } from './chain-walker.js';
import { CHECKPOINT_FORMAT, CheckpointBuilder, DEFAULT_FINGERPRINT_CHARS, type Checkpoint } from './checkpoint.js';
import { signStatement, type CheckpointSigner } from './checkpoint-signing.js';
import type { Finding } from './findings.js';
import { describeFinding } from './findings.js';
import { readAllEvents } from './read-all-pages.js';

export interface TakeCheckpointOptions {
  storeId: string;
  signer: CheckpointSigner;
  fingerprintChars?: number;
  /** Streams left out (`CheckpointStatement.excludedPrefixes`): those whose names erasure purges. */
  excludedPrefixes?: readonly string[];
  pageSize?: number;
  now?: () => Date;
  id?: string;
}

/** The store's chains are already broken: signing that state would anchor the tampering. */
export class CheckpointRefused extends Error {
  override readonly name = 'CheckpointRefused';
  constructor(readonly findings: Finding[]) {
    super(
      `Not checkpointing a store with ${findings.length} break(s): ${findings.slice(0, 3).map(describeFinding).join('; ')}`,
    );
  }
}

/**
 * Walks `$all` once (port only), verifying every chain as it goes, and signs what it saw. Refuses when any chain is
 * broken. An edit that recomputed the chains before the first checkpoint is not detectable — a checkpoint anchors
 * the state it saw — so take the first one early and then periodically.
 */
export async function takeCheckpoint(store: EventStore, options: TakeCheckpointOptions): Promise<Checkpoint> {
  const walker = new ChainWalker();
  const builder = new CheckpointBuilder(
    options.fingerprintChars ?? DEFAULT_FINGERPRINT_CHARS,
    options.excludedPrefixes,
  );
  for await (const event of readAllEvents(store, options.pageSize)) {
    walker.add(event);
    builder.add(event);
  }
  if (walker.findings.length > 0) throw new CheckpointRefused(walker.findings);
  const { heads, ...content } = builder.finish();
  const statement = {
    format: CHECKPOINT_FORMAT,
    id: options.id ?? randomUUID(),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    storeId: options.storeId,
    ...content,
    keyId: options.signer.keyId,
  } as const;
  return { ...statement, signature: signStatement(statement, options.signer), heads };
}
