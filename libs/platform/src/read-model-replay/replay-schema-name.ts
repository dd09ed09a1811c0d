import { randomBytes } from 'node:crypto';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `yyyymmddhhmmss` in UTC: replays sort by when they were taken. */
function stamp(at: Date): string {
  return at.toISOString().replace(/\D/g, '').slice(0, 14);
}

function checked(name: string, live: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`the replay schema of ${live} would be ${name}: longer than PostgreSQL's 63 characters`);
  return name;
}

/** A replay kept for the auditor beside the live schema: `<schema>_replay_<yyyymmddhhmmss>`. */
export function replaySchemaName(live: string, at: Date): string {
  return checked(`${live}_replay_${stamp(at)}`, live);
}

/** A diff's scratch replay, dropped afterwards; random too, so two diffs started in one second never share it. */
export function diffSchemaName(live: string, at: Date): string {
  return checked(`${live}_diff_${stamp(at)}_${randomBytes(2).toString('hex')}`, live);
}
