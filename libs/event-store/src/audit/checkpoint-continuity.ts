import type { EventStore } from '../event-store.port.js';
import type { KeptCheckpoint } from './checkpoint-record.js';
import { readCheckpointDirectory } from './checkpoint-files.js';
import { checkKeptCheckpoint, type KeyRing } from './checkpoint-signing.js';
import type { Finding } from './findings.js';
import { verifyAgainstCheckpoints } from './verify-against-checkpoints.js';

/** How many of a directory's newest files are looked at for the newest trusted checkpoint. */
const NEWEST_FILES = 5;

/**
 * What the store no longer has of the newest checkpoint in `directory` that the key ring trusts (a valid signature,
 * this store): empty when the store extends it, or when there is none yet (no directory, no trusted file). A new
 * checkpoint is signed only on an empty answer: a writer who rewrote history and recomputed the chain must not get
 * the rewrite signed as the next anchor. Reads the newest few files only (a year of hourly ones is gigabytes).
 */
export async function departuresFromNewestCheckpoint(
  store: EventStore,
  directory: string,
  keyRing: KeyRing,
  storeId: string,
): Promise<Finding[]> {
  let checkpoints: KeptCheckpoint[];
  try {
    ({ checkpoints } = await readCheckpointDirectory(directory, { select: (names) => names.slice(-NEWEST_FILES) }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // the first checkpoint creates it
    throw error;
  }
  const newest = checkpoints.filter((c) => checkKeptCheckpoint(c, keyRing).ok && c.storeId === storeId).at(-1);
  if (!newest) return [];
  return (await verifyAgainstCheckpoints(store, [newest], keyRing, { storeId })).findings;
}
