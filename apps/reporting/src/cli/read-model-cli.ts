import {
  ConfiguredMasterKey,
  DataKeySettings,
  DataKeyStore,
  masterKeyMaterial,
  PersonalDataCipher,
} from '@lead/crypto';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { loadConfig } from '@lead/platform';
import { connectionBoundOptions, connectionBoundsFromEnv } from '@lead/platform/workers';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { JurisdictionCalendar } from '../program-calendar/jurisdiction-calendar.js';
import { ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { ProgramLog } from '../program-log/program-log.js';
import { ProgramFactsDiff } from '../read-model-diff/program-facts-diff.js';
import { ProgramFactsRebuild } from '../rebuild/program-facts-rebuild.js';
import { jurisdictionsConfigDir, ReportingConfig } from '../reporting.config.js';

export const READ_MODEL_USAGE = `Replays or diffs a read model of the reporting service against the log it is built from.

  read-model replay program-facts              rebuild the facts from the program log into a fresh table beside the live
                                               one (program_facts_replay_<time>), switching nothing
  read-model diff program-facts [--jurisdiction J ...] [--json]
                                               the rebuilt facts against the live table, row by row, column by column

  --jurisdiction  count and list only these jurisdictions' rows (default: every jurisdiction configured)
  --json          the result as one JSON object

Environment: the reporting service's own (DATABASE_URL, DATABASE_SCHEMA, KEY_STORE_SCHEMA, DATA_KEY_MASTER_KEY, ...).
Exit codes: 0 done (diff: they match), 1 the diff found mismatches, 2 usage or setup errors.`;

export interface ReadModelCliIo {
  out(line: string): void;
  err(line: string): void;
}

const READ_MODELS = ['program-facts'] as const;
const JURISDICTION = /^[a-z0-9-]{1,64}$/;

/** `read-model replay|diff program-facts`; returns the exit code. */
export async function runReadModelCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ReadModelCliIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jurisdiction: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${READ_MODEL_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(READ_MODEL_USAGE);
    return 0;
  }
  const [command, readModel, extra] = positionals;
  const problems = [
    command !== 'replay' && command !== 'diff'
      ? `a command is required: replay or diff (not ${command ?? 'none'})`
      : null,
    !(READ_MODELS as readonly string[]).includes(readModel ?? '')
      ? `a read model is required: ${READ_MODELS.join(', ')} (not ${readModel ?? 'none'})`
      : null,
    extra !== undefined ? `unexpected argument ${extra}` : null,
    ...(values.jurisdiction ?? [])
      .filter((j) => !JURISDICTION.test(j))
      .map((j) => `--jurisdiction ${j} is not a jurisdiction id`),
    command === 'replay' && values.jurisdiction
      ? '--jurisdiction does not apply to replay (the log is replayed whole)'
      : null,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) {
    io.err(`${problems.join('\n')}\n\n${READ_MODEL_USAGE}`);
    return 2;
  }

  let config: ReportingConfig;
  let keySettings: DataKeySettings;
  try {
    // The port is the service's, not this command's: any valid one does.
    config = loadConfig(ReportingConfig, { HTTP_PORT: '3004', ...env }, 'reporting');
    keySettings = loadConfig(DataKeySettings, env, 'reporting');
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const schema = config.DATABASE_SCHEMA ?? 'reporting';
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: 4,
    ...connectionBoundOptions(connectionBoundsFromEnv(env)),
  });
  try {
    const { rows } = await pool.query<{ log: string | null }>('SELECT to_regclass($1) AS log', [
      `"${schema}".program_log`,
    ]);
    if (rows[0].log === null) {
      io.err(`no reporting service in schema ${schema} (no table ${schema}.program_log)`);
      return 2;
    }
    const registry = JurisdictionRegistry.load(jurisdictionsConfigDir(config));
    const { base64Key, keyId } = masterKeyMaterial(keySettings);
    const keys = await DataKeyStore.create({
      pool,
      schema: keySettings.KEY_STORE_SCHEMA,
      masterKey: ConfiguredMasterKey.fromBase64(base64Key, keyId),
    });
    const facts = new ProgramFactProjection(schema, new JurisdictionCalendar(registry), new PersonalDataCipher(keys));
    const rebuild = new ProgramFactsRebuild(pool, new ProgramLog(schema), facts);
    const started = Date.now();
    if (command === 'replay') {
      const table = `program_facts_replay_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
      const db = await pool.connect();
      try {
        const events = await rebuild.replayInto(db, table);
        const seconds = (Date.now() - started) / 1000;
        const summary = { readModel: 'program_facts', table: `${schema}.${table}`, replayedEvents: events, seconds };
        io.out(
          values.json
            ? JSON.stringify(summary)
            : `replayed ${events} events into ${schema}.${table} in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s); the live table is untouched`,
        );
      } finally {
        db.release();
      }
      return 0;
    }
    const diff = await new ProgramFactsDiff(pool, rebuild, facts).run(values.jurisdiction ?? registry.jurisdictions());
    if (values.json) io.out(JSON.stringify(diff));
    else {
      for (const mismatch of diff.listed)
        io.out([mismatch.kind, mismatch.eventId, mismatch.jurisdiction, mismatch.columns.join(',') || '-'].join('\t'));
      io.err(
        `read-model: ${diff.replayedEvents} events replayed, ${diff.liveRows} live rows, ${diff.mismatches} mismatch(es)` +
          (diff.mismatches > diff.listed.length ? ` (${diff.listed.length} listed)` : ''),
      );
    }
    return diff.matches ? 0 : 1;
  } catch (error) {
    io.err(`read-model: ${(error as Error).message}`);
    return 2;
  } finally {
    await pool.end();
  }
}
