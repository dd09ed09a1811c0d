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

/** When a diff's scratch schema of `live` was made, from its name; undefined for any other name. */
export function diffSchemaMadeAt(live: string, name: string): Date | undefined {
  const prefix = `${live}_diff_`;
  if (!name.startsWith(prefix)) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_[0-9a-f]{4}$/.exec(name.slice(prefix.length));
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
}
