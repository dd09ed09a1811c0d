import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint } from './checkpoint.js';
import type { KeptCheckpoint } from './checkpoint-record.js';

/**
 * Checkpoints as files, one JSON file per checkpoint, in a directory kept outside the database (another volume,
 * another machine's share, write-once storage): the point is that a database writer cannot reach them.
 * Names sort by creation time (`<createdAt>_<id>.json`), so a listing is in checkpoint order.
 */
export function checkpointFileName(checkpoint: Pick<Checkpoint, 'createdAt' | 'id'>): string {
  const safe = (text: string) => text.replace(/[^0-9A-Za-z._-]/g, '-');
  return `${safe(checkpoint.createdAt)}_${safe(checkpoint.id)}.json`;
}

/**
 * Written atomically: to a temporary file in the same directory, flushed to disk, then linked to its final name
 * (atomic within one file system, like rename, but never replacing a file), so a reader never sees half a
 * checkpoint and an existing checkpoint is never overwritten. Returns the path.
 */
export async function writeCheckpointFile(directory: string, checkpoint: KeptCheckpoint): Promise<string> {
  await mkdir(directory, { recursive: true });
  const target = path.join(directory, checkpointFileName(checkpoint));
  const temp = path.join(directory, `.tmp-${randomBytes(6).toString('hex')}`);
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(`${JSON.stringify(checkpoint, null, 1)}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  // link(2) fails if the name exists (EEXIST), atomically, where rename(2) would silently replace the file.
  try {
    await link(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  // Make the new name itself durable.
  const dir = await open(directory, 'r');
  await dir.sync().finally(() => dir.close());
  return target;
}

export interface CheckpointDirectory {
  /**
   * In file-name (creation) order: files with their heads, and statements kept alone (`lead-audit keep`). Not yet
   * verified: pass them to `verifyAgainstCheckpoints` with a key ring.
   */
  checkpoints: KeptCheckpoint[];
  /** Files that are not checkpoints at all (truncated, not JSON): each is worth an alert. */
  unreadable: { file: string; error: string }[];
}

/** The checkpoint id a file name carries (`<createdAt>_<id>.json`). */
export function checkpointIdOfFileName(name: string): string {
  return name.slice(name.lastIndexOf('_') + 1, -'.json'.length);
}

export interface ReadCheckpointDirectoryOptions {
  /**
   * Which of the file names (in creation order) to read: a service's pass reads its newest few rather than parsing a
   * year of hourly files (each about 8 bytes per event) into memory. Default: all.
   */
  select?: (names: readonly string[]) => readonly string[];
}

/** Every `*.json` in the directory (or those `select` keeps); temporary files of writes in progress are skipped. */
export async function readCheckpointDirectory(
  directory: string,
  options: ReadCheckpointDirectoryOptions = {},
): Promise<CheckpointDirectory> {
  const all = (await readdir(directory)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const names = options.select ? options.select(all) : all;
  const result: CheckpointDirectory = { checkpoints: [], unreadable: [] };
  for (const name of names) {
    const file = path.join(directory, name);
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as KeptCheckpoint;
      if (typeof parsed !== 'object' || parsed === null || typeof parsed.signature !== 'string')
        throw new Error('not a checkpoint');
      result.checkpoints.push(parsed);
    } catch (err) {
      result.unreadable.push({ file, error: (err as Error).message });
    }
  }
  return result;
}
