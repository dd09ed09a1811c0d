import { TOPICS } from '@lead/contracts';
import { connectionBoundOptions, connectionBoundsFromEnv, type ConnectionBounds } from '@lead/platform/workers';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { Inbox } from '../consumer/inbox.js';
import type { DeadLetterEntry } from '../dead-letters/dead-letter.js';
import { DeadLetterTable } from '../dead-letters/dead-letter-table.js';
import { KafkaDeadLetterQueue } from '../dead-letters/kafka-dead-letter-queue.js';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import { parseBrokers } from '../transport/kafka/kafka-settings.js';
import { KafkajsClient } from '../transport/kafka/kafkajs-client.js';

export const DEAD_LETTER_CLI_USAGE = `Lists and replays dead letters of a consumer group.

  lead-dlq list   --group <group> [--topic <topic>] [--json]
  lead-dlq replay --group <group> [--topic <topic>] (--id <message id> | --all)

  --group    the consumer group, e.g. lead.case-management
  --topic    the original topic (default: every LEAD topic)
  --schema   the service's PostgreSQL schema (default: $DATABASE_SCHEMA)
  --id       the message id (ce_id) shown by list
  --all      every unresolved dead letter of the group younger than the inbox retention (on Kafka, older ones
             cannot be told from handled ones any more: replay those by --id, after checking)

Environment: BUS (embedded | kafka; default embedded), DATABASE_URL, DATABASE_SCHEMA, KAFKA_BROKERS and
KAFKA_TOPIC_PREFIX (with BUS=kafka), INBOX_RETENTION_DAYS (default 30), DATABASE_IDLE_IN_TX_TIMEOUT_MS and
DATABASE_STATEMENT_TIMEOUT_MS (defaults 10000 and 30000): the values the services run with.
On Kafka, a replay re-publishes the message to its topic for that group only; on the embedded bus it asks the
running consumer to handle the row again. Either way the group's inbox keeps a replay from having a second effect.`;

export interface DeadLetterCliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface DeadLetterCliDependencies {
  /** Overrides the Kafka client built from KAFKA_BROKERS (tests). */
  kafka?: KafkaClient;
}

/** The `lead-dlq` command; returns the exit code. */
export async function runDeadLetterCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: DeadLetterCliIo,
  dependencies: DeadLetterCliDependencies = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        group: { type: 'string' },
        topic: { type: 'string' },
        schema: { type: 'string' },
        id: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${DEAD_LETTER_CLI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || (command !== 'list' && command !== 'replay')) {
    (values.help ? io.out : io.err)(DEAD_LETTER_CLI_USAGE);
    return values.help ? 0 : 2;
  }
  const schema = values.schema ?? env.DATABASE_SCHEMA;
  const bus = env.BUS ?? 'embedded';
  // The tool's sessions are bounded like the services' (a transaction left open would stall every $all reader).
  let bounds: ConnectionBounds | undefined;
  let boundsProblem: string | undefined;
  try {
    bounds = connectionBoundsFromEnv(env);
  } catch (error) {
    boundsProblem = (error as Error).message;
  }
  const problems = [
    boundsProblem,
    !values.group && '--group is required',
    !schema && '--schema (or DATABASE_SCHEMA) is required',
    !env.DATABASE_URL && 'DATABASE_URL is required',
    bus !== 'embedded' && bus !== 'kafka' && `BUS must be embedded or kafka, not ${bus}`,
    bus === 'kafka' && !dependencies.kafka && !env.KAFKA_BROKERS && 'KAFKA_BROKERS is required with BUS=kafka',
    command === 'replay' && !values.id === !values.all && 'replay takes exactly one of --id <message id> or --all',
    !/^([1-9]\d{0,3})$/.test(env.INBOX_RETENTION_DAYS ?? '30') && 'INBOX_RETENTION_DAYS must be a whole number of days',
    !/^[A-Za-z0-9._-]{0,100}$/.test(env.KAFKA_TOPIC_PREFIX ?? '') &&
      'KAFKA_TOPIC_PREFIX may hold only letters, digits, ".", "_" and "-"',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    io.err(`${problems.join('\n')}\n\n${DEAD_LETTER_CLI_USAGE}`);
    return 2;
  }
  // On Kafka the services put KAFKA_TOPIC_PREFIX before their topics and groups; the embedded bus uses neither.
  const prefix = bus === 'kafka' ? (env.KAFKA_TOPIC_PREFIX ?? '') : '';
  const group = `${prefix}${values.group!}`;
  const topics = (values.topic ? [values.topic] : Object.values(TOPICS)).map((topic) => `${prefix}${topic}`);
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2, ...connectionBoundOptions(bounds!) });
  const kafka =
    bus === 'kafka'
      ? (dependencies.kafka ?? new KafkajsClient({ brokers: parseBrokers(env.KAFKA_BROKERS!), clientId: 'lead-dlq' }))
      : undefined;
  const retentionDays = Number(env.INBOX_RETENTION_DAYS ?? '30');
  const undecidableBefore = new Date(Date.now() - retentionDays * 86_400_000);
  try {
    let entries: DeadLetterEntry[] = [];
    if (kafka) {
      const queue = new KafkaDeadLetterQueue(kafka, new Inbox(pool, schema!));
      for (const topic of topics) {
        entries.push(
          ...(command === 'list'
            ? await queue.list(topic, group)
            : await queue.replay(topic, group, values.id, { undecidableBefore })),
        );
      }
    } else {
      const table = new DeadLetterTable(pool, schema!);
      entries =
        command === 'list'
          ? await table.list(group, values.topic)
          : await table.requestReplay(group, { topic: values.topic, id: values.id });
    }
    if (command === 'replay') {
      const how = kafka ? 're-published to their topics for' : 'queued for the running consumer of';
      io.out(`${entries.length} dead letter(s) ${how} ${group}${entries.length ? ':' : ''}`);
    }
    if (values.json && command === 'list') io.out(JSON.stringify(entries, null, 2));
    else for (const entry of entries) io.out(describe(entry));
    if (command === 'replay' && values.id && entries.length === 0) {
      io.err(`no unresolved dead letter with id ${values.id} for ${group}`);
      return 1;
    }
    return 0;
  } catch (error) {
    io.err(`lead-dlq: ${(error as Error).message}`);
    return 1;
  } finally {
    if (kafka && !dependencies.kafka) await kafka.close();
    await pool.end();
  }
}

function describe(entry: DeadLetterEntry): string {
  const status = entry.resolved ? 'resolved' : entry.replayRequested ? 'replay requested' : 'open';
  return `${entry.id}  ${entry.topic}  ${entry.type ?? '-'}  key=${entry.key ?? '-'}  attempts=${entry.attempts}  failed=${entry.failedAt}  ${status}  [${entry.location}]  ${entry.error}`;
}
